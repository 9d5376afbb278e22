import{j as _,k as j,l as D,m as I,o as N,q as z}from"./chunk-ESIZFJUU.js";import{H as A,J as F,L as n,N as w,d as v}from"./chunk-HWI3JL25.js";var x=340,b=180,m={left:32,right:8,top:12,bottom:28};function L(e){let a=Math.max(1,e);for(let c of[1,2,5,10,20,50,100,200,500,1e3])if(a<=c*5)return Math.ceil(a/c)*c;return a}function O({max:e}){let a=[0,e/2,e],c=$=>m.top+(b-m.top-m.bottom)*(1-$/e);return n`${a.map($=>n`<g>
      <line x1=${m.left} x2=${x-m.right} y1=${c($)} y2=${c($)} class="grid" />
      <text x=${m.left-4} y=${c($)+4} text-anchor="end" class="tick">${Number.isInteger($)?$:""}</text>
    </g>`)}`}function P({points:e,title:a}){let c=L(Math.max(0,...e.map(r=>r.value))),$=x-m.left-m.right,h=r=>m.left+(e.length>1?$*r/(e.length-1):$/2),p=r=>m.top+(b-m.top-m.bottom)*(1-r/c),i=e.map((r,l)=>`${l?"L":"M"}${h(l).toFixed(1)},${p(r.value).toFixed(1)}`).join(" "),d=e[e.length-1],u=`${a}：${e.length?`${e[0].label}为 ${e[0].value} 项，${d.label}为 ${d.value} 项，最多 ${Math.max(...e.map(r=>r.value))} 项`:"暂无数据"}`;return n`<figure class="chart">
    <figcaption>${a}</figcaption>
    <svg viewBox=${`0 0 ${x} ${b}`} role="img" aria-label=${u}>
      <${O} max=${c} />
      <path d=${i} class="line major-line" />
      ${e.map((r,l)=>l%5===0||l===e.length-1?n`<text x=${h(l)} y=${b-8} text-anchor="middle" class="tick">${r.label.replace(/^\d+月/,"")}</text>`:null)}
    </svg>
    <${W} head=${["日期","在办重大隐患"]} rows=${e.map(r=>[r.label,r.value])} />
  </figure>`}function T({months:e,title:a}){let c=L(Math.max(0,...e.flatMap(l=>[l.found||0,l.cleared||0]))),h=(x-m.left-m.right)/Math.max(1,e.length),p=Math.max(2,h/2-2),i=l=>m.top+(b-m.top-m.bottom)*(1-l/c),d=b-m.bottom,u=l=>e.reduce((g,o)=>g+(o[l]||0),0),r=`${a}：十二个月共发现 ${u("found")} 项，销号 ${u("cleared")} 项`;return n`<figure class="chart">
    <figcaption>${a}</figcaption>
    <svg viewBox=${`0 0 ${x} ${b}`} role="img" aria-label=${r}>
      <${O} max=${c} />
      ${e.map((l,g)=>{let o=m.left+h*g+1;return n`<g>
          <rect x=${o} y=${i(l.found||0)} width=${p} height=${d-i(l.found||0)} class="found" />
          <rect x=${o+p+1} y=${i(l.cleared||0)} width=${p} height=${d-i(l.cleared||0)} class="cleared" />
          ${g%2===0||g===e.length-1?n`<text x=${o+p} y=${b-8} text-anchor="middle" class="tick">${l.label.slice(5)}</text>`:null}
        </g>`})}
    </svg>
    <p class="legend"><span class="key found"></span>发现 <span class="key cleared"></span>销号</p>
    <${W} head=${["月份","发现","销号"]} rows=${e.map(l=>[l.label,l.found??"—",l.cleared??"—"])} />
  </figure>`}function W({head:e,rows:a}){return n`<details><summary>查看数据</summary>
    <table class="table"><thead><tr>${e.map(c=>n`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${a.map(c=>n`<tr>${c.map($=>n`<td>${$}</td>`)}</tr>`)}</tbody></table>
  </details>`}function Z(e,a){let c="Asia/Shanghai",$=new Intl.DateTimeFormat("en-CA",{timeZone:c,year:"numeric",month:"2-digit",day:"2-digit"}).format(a).split("-").map(Number),[h,p,i]=$,d=e.filter(r=>r.status!=="voided"&&r.severity_confirmed!==!1),u=[];for(let r=1;r<=i;r++){let l=Date.UTC(h,p-1,r,16,0,0),g=Math.min(l,a.getTime()),o=d.filter(f=>Date.parse(f.found_at)<g&&!(f.cleared_at&&Date.parse(f.cleared_at)<g)).length;u.push({label:`${p}月${r}日`,value:o})}return u}function R(e){let[a,c]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(e).split("-").map(Number),$=[];for(let h=11;h>=0;h--){let p=a*12+(c-1)-h;$.push(`${Math.floor(p/12)}-${String(p%12+1).padStart(2,"0")}`)}return $}function tt({page:e,street:a,children:c}){var k;let[$,h]=v(""),p=a||$,i=p?`street=${encodeURIComponent(p)}`:"",{data:d,error:u}=j(()=>A(`/clearance${i?`?${i}`:""}`),[p]),{data:r,error:l}=j(async()=>{let t=new Date,s=R(t),[C,H]=await Promise.all([D(`/hazards?severity=major${i?`&${i}`:""}`),Promise.all(s.slice(0,-1).map(S=>A(`/clearance?month=${S}${i?`&${i}`:""}`).then(B=>({label:S,found:B.totals.found_this_month,cleared:B.totals.cleared_this_month}),()=>({label:S,found:null,cleared:null}))))]);return{daily:Z(C,t),months:H,current:s[s.length-1]}},[p]),{data:g}=j(async()=>a?[]:[...new Set((await D("/institutions")).map(t=>t.street))].sort()),o=d?.totals,f=d?.institutions||[],y={};for(let t of f){let s=y[k=t.street]||(y[k]={institutions:0,cleared:0,open_major:0,open_general:0,overdue:0,awaiting:0});s.institutions+=1,s.cleared+=t.cleared?1:0,s.open_major+=t.open_major,s.open_general+=t.open_general,s.overdue+=t.overdue,s.awaiting+=t.awaiting_review}let M=f.filter(t=>t.open_major||t.open_general||t.overdue||t.proposed_major).sort((t,s)=>s.open_major-t.open_major||s.overdue-t.overdue||s.open_general-t.open_general),E=r?[...r.months,{label:r.current,found:o?o.found_this_month:null,cleared:o?o.cleared_this_month:null}]:[],q=o?[["在办重大隐患",o.open_major,o.open_major?"bad":"good"],["拟判重大待确认",o.proposed_major],["在办一般隐患",o.open_general],["逾期未整改",o.overdue,o.overdue?"bad":"good"],["待复查",o.awaiting_review],["本月发现",o.found_this_month],["本月销号",o.cleared_this_month],["清零机构",`${o.institutions_cleared} / ${o.institutions}`],["清零率",_(o.clearance_rate)],["整改率（本年）",_(o.rectification_rate)],["按期整改率",_(o.on_time_rate)],["检查覆盖率",_(o.coverage)]]:[];return n`<${I} title=${a?`${a}动态清零`:"动态清零"} ...${e}>
    ${a?null:n`<label for="board-street">街镇</label>
          <select id="board-street" value=${$} onChange=${t=>h(t.target.value)}>
            <option value="">全区</option>${(g||[]).map(t=>n`<option value=${t}>${t}</option>`)}
          </select>`}
    <${w} error=${u||l} />
    ${d?n`<p class=${d.on_target?"lead ok":"lead bad-text"} role="status">
            ${d.on_target?"✓ 已实现动态清零（无在办重大隐患、无逾期）":"✗ 尚未清零"} · 截至 ${new Date(d.as_of).toLocaleString("zh-CN",{timeZone:"Asia/Shanghai",hour12:!1})}
          </p>
          <ul class="tiles" aria-label="主要数字">
            ${q.map(([t,s,C])=>n`<li class=${C||""}><span>${t}</span><strong data-figure=${t}>${s}</strong></li>`)}
          </ul>`:u?null:n`<p class="empty">正在加载…</p>`}
    ${r?n`<div class="charts">
          <${P} title="本月每日末在办重大隐患" points=${r.daily} />
          <${T} title="近十二个月发现与销号" months=${E} />
        </div>`:l?null:n`<p class="empty">正在加载图表…</p>`}
    ${!a&&Object.keys(y).length?n`<section aria-labelledby="streets-h"><h2 id="streets-h">各街镇</h2>
          <div class="scroll"><table class="table">
            <thead><tr><th scope="col">街镇</th><th scope="col">机构</th><th scope="col">已清零</th><th scope="col">重大</th><th scope="col">一般</th><th scope="col">逾期</th><th scope="col">待复查</th></tr></thead>
            <tbody>${Object.entries(y).sort(([t],[s])=>t.localeCompare(s,"zh-CN")).map(([t,s])=>n`<tr><th scope="row"><button class="link" onClick=${()=>h(t)}>${t}</button></th>
                  <td>${s.institutions}</td><td>${s.cleared}</td><td class=${s.open_major?"bad-text":""}>${s.open_major}</td>
                  <td>${s.open_general}</td><td class=${s.overdue?"bad-text":""}>${s.overdue}</td><td>${s.awaiting}</td></tr>`)}</tbody>
          </table></div></section>`:null}
    ${d?n`<section aria-labelledby="homes-h"><h2 id="homes-h">有在办隐患的机构（${M.length}）</h2>
          ${M.length?n`<ul class="list compact">${M.slice(0,100).map(t=>n`<li><div><strong>${t.name}${t.cleared?"":n` <b class="tag bad">未清零</b>`}</strong>
                  <span>${t.street} · 重大 ${t.open_major}${t.proposed_major?`（拟判 ${t.proposed_major}）`:""} · 一般 ${t.open_general} · 逾期 ${t.overdue}</span></div></li>`)}</ul>`:n`<p class="empty">没有在办的隐患。</p>`}</section>`:null}
    ${c}
  <//>`}function U(){let[e,a]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(new Date).split("-").map(Number);return a===1?`${e-1}-12`:`${e}-${String(a-1).padStart(2,"0")}`}function lt({streets:e=[],street:a}){let[c,$]=v(U()),[h,p]=v(""),[i,d]=v(null),{busy:u,error:r,run:l}=z(),g=a||h;return n`<form class="card" aria-labelledby="monthly-h"
      onSubmit=${async o=>{o.preventDefault(),d(null);let f=await l(()=>F("/reports/monthly",{month:c,...g?{street:g}:{}}));f&&d(f)}}>
      <h2 id="monthly-h">${a?`${a}月度隐患报告`:"月度隐患报告"}</h2>
      <label for="report-month">月份</label>
      <input id="report-month" type="month" required value=${c}
        onInput=${o=>{d(null),$(o.target.value)}} />
      ${a?null:n`<label for="report-street">街镇</label>
            <select id="report-street" value=${h}
              onChange=${o=>{d(null),p(o.target.value)}}>
              <option value="">全区</option>${e.map(o=>n`<option value=${o}>${o}</option>`)}
            </select>`}
      <${w} error=${r} />
      <button class="primary" disabled=${u}>${u?"正在生成…":"生成报告"}</button>
      ${i?n`<div class="row" role="status">
            <strong>${i.month} ${i.street||"全区"} 月度报告已生成</strong>
            <span>${i.pages} 页 · ${Math.ceil(i.size/1024)} KB · SHA-256 <code>${i.sha256.slice(0,16)}…</code></span>
            <${N} path=${i.url} saveAs=${`月度隐患报告-${i.month}${i.street?`-${i.street}`:""}.pdf`} label="下载 PDF" />
          </div>`:null}
    </form>`}export{tt as a,lt as b};
