import{a,b}from"./chunk-DJXROIYQ.js";import"./chunk-GHNV7YAO.js";import"./chunk-5UI5SVVC.js";export{b as Review,a as Screens};
