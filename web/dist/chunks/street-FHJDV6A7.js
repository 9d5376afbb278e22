import{a as r,b as o}from"./chunk-S3RTYDY3.js";import"./chunk-KHP6VWPT.js";import{I as e}from"./chunk-OC5W4B42.js";var m=[["#/","今日任务"],["#/board","本街镇动态清零"]];function $(t){return e`<${r} page=${{...t,menu:m}} street=${t.user.street}>
    <${o} street=${t.user.street} />
  <//>`}export{$ as Screens};
