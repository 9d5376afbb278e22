import{a as r,b as o}from"./chunk-5C3HWGYH.js";import"./chunk-ZQ23V6WH.js";import{p as e}from"./chunk-LROS67LR.js";var m=[["#/","今日任务"],["#/board","本街镇动态清零"]];function $(t){return e`<${r} page=${{...t,menu:m}} street=${t.user.street}>
    <${o} street=${t.user.street} />
  <//>`}export{$ as Screens};
