import{a as r,b as o}from"./chunk-4A2MEX5Z.js";import"./chunk-XS5FYZ7B.js";import{J as e}from"./chunk-D4QLBAZS.js";var m=[["#/","今日任务"],["#/board","本街镇动态清零"]];function $(t){return e`<${r} page=${{...t,menu:m}} street=${t.user.street}>
    <${o} street=${t.user.street} />
  <//>`}export{$ as Screens};
