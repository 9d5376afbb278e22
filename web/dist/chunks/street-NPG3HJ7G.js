import{a as r,b as o}from"./chunk-E2B2ZKMS.js";import"./chunk-ESIZFJUU.js";import{L as e}from"./chunk-HWI3JL25.js";var m=[["#/","今日任务"],["#/board","本街镇动态清零"]];function $(t){return e`<${r} page=${{...t,menu:m}} street=${t.user.street}>
    <${o} street=${t.user.street} />
  <//>`}export{$ as Screens};
