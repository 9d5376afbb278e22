import{a,b,c}from"./chunk-XQPMRQUT.js";import"./chunk-ESIZFJUU.js";import"./chunk-HWI3JL25.js";export{c as Review,a as Screens,b as recheckOf};
