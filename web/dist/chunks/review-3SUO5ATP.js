import{a,b,c}from"./chunk-TUN2YV4G.js";import"./chunk-XS5FYZ7B.js";import"./chunk-D4QLBAZS.js";export{c as Review,a as Screens,b as recheckOf};
