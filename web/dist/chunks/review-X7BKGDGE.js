import{a,b,c}from"./chunk-JBVVYI54.js";import"./chunk-X736PHMM.js";import"./chunk-5UI5SVVC.js";export{c as Review,a as Screens,b as recheckOf};
