import{a,b}from"./chunk-RZZQ436M.js";import"./chunk-ZQ23V6WH.js";import"./chunk-LROS67LR.js";export{b as Review,a as Screens};
