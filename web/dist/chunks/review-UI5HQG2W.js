import{a,b}from"./chunk-GL4MN7VQ.js";import"./chunk-KHP6VWPT.js";import"./chunk-OC5W4B42.js";export{b as Review,a as Screens};
