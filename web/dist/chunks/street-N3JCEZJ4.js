import{a as r,b as o}from"./chunk-SVWKZ6CG.js";import"./chunk-X736PHMM.js";import{J as e}from"./chunk-5UI5SVVC.js";var m=[["#/","今日任务"],["#/board","本街镇动态清零"]];function $(t){return e`<${r} page=${{...t,menu:m}} street=${t.user.street}>
    <${o} street=${t.user.street} />
  <//>`}export{$ as Screens};
