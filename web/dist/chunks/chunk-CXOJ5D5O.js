import{j as _,k as y,l as M,m as B}from"./chunk-ZQ23V6WH.js";import{d as A,m as C,p as r,r as S}from"./chunk-LROS67LR.js";var v=340,b=180,$={left:32,right:8,top:12,bottom:28};function F(e){let s=Math.max(1,e);for(let c of[1,2,5,10,20,50,100,200,500,1e3])if(s<=c*5)return Math.ceil(s/c)*c;return s}function L({max:e}){let s=[0,e/2,e],c=i=>$.top+(b-$.top-$.bottom)*(1-i/e);return r`${s.map(i=>r`<g>
      <line x1=${$.left} x2=${v-$.right} y1=${c(i)} y2=${c(i)} class="grid" />
      <text x=${$.left-4} y=${c(i)+4} text-anchor="end" class="tick">${Number.isInteger(i)?i:""}</text>
    </g>`)}`}function N({points:e,title:s}){let c=F(Math.max(0,...e.map(o=>o.value))),i=v-$.left-$.right,h=o=>$.left+(e.length>1?i*o/(e.length-1):i/2),d=o=>$.top+(b-$.top-$.bottom)*(1-o/c),m=e.map((o,n)=>`${n?"L":"M"}${h(n).toFixed(1)},${d(o.value).toFixed(1)}`).join(" "),u=e[e.length-1],p=`${s}：${e.length?`${e[0].label}为 ${e[0].value} 项，${u.label}为 ${u.value} 项，最多 ${Math.max(...e.map(o=>o.value))} 项`:"暂无数据"}`;return r`<figure class="chart">
    <figcaption>${s}</figcaption>
    <svg viewBox=${`0 0 ${v} ${b}`} role="img" aria-label=${p}>
      <${L} max=${c} />
      <path d=${m} class="line major-line" />
      ${e.map((o,n)=>n%5===0||n===e.length-1?r`<text x=${h(n)} y=${b-8} text-anchor="middle" class="tick">${o.label.replace(/^\d+月/,"")}</text>`:null)}
    </svg>
    <${I} head=${["日期","在办重大隐患"]} rows=${e.map(o=>[o.label,o.value])} />
  </figure>`}function z({months:e,title:s}){let c=F(Math.max(0,...e.flatMap(n=>[n.found||0,n.cleared||0]))),h=(v-$.left-$.right)/Math.max(1,e.length),d=Math.max(2,h/2-2),m=n=>$.top+(b-$.top-$.bottom)*(1-n/c),u=b-$.bottom,p=n=>e.reduce((a,g)=>a+(g[n]||0),0),o=`${s}：十二个月共发现 ${p("found")} 项，销号 ${p("cleared")} 项`;return r`<figure class="chart">
    <figcaption>${s}</figcaption>
    <svg viewBox=${`0 0 ${v} ${b}`} role="img" aria-label=${o}>
      <${L} max=${c} />
      ${e.map((n,a)=>{let g=$.left+h*a+1;return r`<g>
          <rect x=${g} y=${m(n.found||0)} width=${d} height=${u-m(n.found||0)} class="found" />
          <rect x=${g+d+1} y=${m(n.cleared||0)} width=${d} height=${u-m(n.cleared||0)} class="cleared" />
          ${a%2===0||a===e.length-1?r`<text x=${g+d} y=${b-8} text-anchor="middle" class="tick">${n.label.slice(5)}</text>`:null}
        </g>`})}
    </svg>
    <p class="legend"><span class="key found"></span>发现 <span class="key cleared"></span>销号</p>
    <${I} head=${["月份","发现","销号"]} rows=${e.map(n=>[n.label,n.found??"—",n.cleared??"—"])} />
  </figure>`}function I({head:e,rows:s}){return r`<details><summary>查看数据</summary>
    <table class="table"><thead><tr>${e.map(c=>r`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>${s.map(c=>r`<tr>${c.map(i=>r`<td>${i}</td>`)}</tr>`)}</tbody></table>
  </details>`}function O(e,s){let c="Asia/Shanghai",i=new Intl.DateTimeFormat("en-CA",{timeZone:c,year:"numeric",month:"2-digit",day:"2-digit"}).format(s).split("-").map(Number),[h,d,m]=i,u=e.filter(o=>o.status!=="voided"&&o.severity_confirmed!==!1),p=[];for(let o=1;o<=m;o++){let n=Date.UTC(h,d-1,o,16,0,0),a=Math.min(n,s.getTime()),g=u.filter(f=>Date.parse(f.found_at)<a&&!(f.cleared_at&&Date.parse(f.cleared_at)<a)).length;p.push({label:`${d}月${o}日`,value:g})}return p}function Z(e){let[s,c]=new Intl.DateTimeFormat("en-CA",{timeZone:"Asia/Shanghai",year:"numeric",month:"2-digit"}).format(e).split("-").map(Number),i=[];for(let h=11;h>=0;h--){let d=s*12+(c-1)-h;i.push(`${Math.floor(d/12)}-${String(d%12+1).padStart(2,"0")}`)}return i}function K({page:e,street:s}){var k;let[c,i]=A(""),h=s||c,d=h?`street=${encodeURIComponent(h)}`:"",{data:m,error:u}=y(()=>C(`/clearance${d?`?${d}`:""}`),[h]),{data:p,error:o}=y(async()=>{let t=new Date,l=Z(t),[w,W]=await Promise.all([M(`/hazards?severity=major${d?`&${d}`:""}`),Promise.all(l.slice(0,-1).map(j=>C(`/clearance?month=${j}${d?`&${d}`:""}`).then(D=>({label:j,found:D.totals.found_this_month,cleared:D.totals.cleared_this_month}),()=>({label:j,found:null,cleared:null}))))]);return{daily:O(w,t),months:W,current:l[l.length-1]}},[h]),{data:n}=y(async()=>s?[]:[...new Set((await M("/institutions")).map(t=>t.street))].sort()),a=m?.totals,g=m?.institutions||[],f={};for(let t of g){let l=f[k=t.street]||(f[k]={institutions:0,cleared:0,open_major:0,open_general:0,overdue:0,awaiting:0});l.institutions+=1,l.cleared+=t.cleared?1:0,l.open_major+=t.open_major,l.open_general+=t.open_general,l.overdue+=t.overdue,l.awaiting+=t.awaiting_review}let x=g.filter(t=>!t.cleared||t.overdue).sort((t,l)=>l.open_major-t.open_major||l.overdue-t.overdue),P=p?[...p.months,{label:p.current,found:a?a.found_this_month:null,cleared:a?a.cleared_this_month:null}]:[],T=a?[["在办重大隐患",a.open_major,a.open_major?"bad":"good"],["拟判重大待确认",a.proposed_major],["在办一般隐患",a.open_general],["逾期未整改",a.overdue,a.overdue?"bad":"good"],["待复查",a.awaiting_review],["本月发现",a.found_this_month],["本月销号",a.cleared_this_month],["清零机构",`${a.institutions_cleared} / ${a.institutions}`],["清零率",_(a.clearance_rate)],["整改率（本年）",_(a.rectification_rate)],["按期整改率",_(a.on_time_rate)],["检查覆盖率",_(a.coverage)]]:[];return r`<${B} title=${s?`${s}动态清零`:"动态清零"} ...${e}>
    ${s?null:r`<label for="board-street">街镇</label>
          <select id="board-street" value=${c} onChange=${t=>i(t.target.value)}>
            <option value="">全区</option>${(n||[]).map(t=>r`<option value=${t}>${t}</option>`)}
          </select>`}
    <${S} error=${u||o} />
    ${m?r`<p class=${m.on_target?"lead ok":"lead bad-text"} role="status">
            ${m.on_target?"✓ 已实现动态清零（无在办重大隐患、无逾期）":"✗ 尚未清零"} · 截至 ${new Date(m.as_of).toLocaleString("zh-CN",{timeZone:"Asia/Shanghai",hour12:!1})}
          </p>
          <ul class="tiles" aria-label="主要数字">
            ${T.map(([t,l,w])=>r`<li class=${w||""}><span>${t}</span><strong data-figure=${t}>${l}</strong></li>`)}
          </ul>`:u?null:r`<p class="empty">正在加载…</p>`}
    ${p?r`<div class="charts">
          <${N} title="本月每日末在办重大隐患" points=${p.daily} />
          <${z} title="近十二个月发现与销号" months=${P} />
        </div>`:o?null:r`<p class="empty">正在加载图表…</p>`}
    ${!s&&Object.keys(f).length?r`<section aria-labelledby="streets-h"><h2 id="streets-h">各街镇</h2>
          <div class="scroll"><table class="table">
            <thead><tr><th scope="col">街镇</th><th scope="col">机构</th><th scope="col">已清零</th><th scope="col">重大</th><th scope="col">一般</th><th scope="col">逾期</th><th scope="col">待复查</th></tr></thead>
            <tbody>${Object.entries(f).sort(([t],[l])=>t.localeCompare(l,"zh-CN")).map(([t,l])=>r`<tr><th scope="row"><button class="link" onClick=${()=>i(t)}>${t}</button></th>
                  <td>${l.institutions}</td><td>${l.cleared}</td><td class=${l.open_major?"bad-text":""}>${l.open_major}</td>
                  <td>${l.open_general}</td><td class=${l.overdue?"bad-text":""}>${l.overdue}</td><td>${l.awaiting}</td></tr>`)}</tbody>
          </table></div></section>`:null}
    ${m?r`<section aria-labelledby="homes-h"><h2 id="homes-h">未清零或有逾期的机构（${x.length}）</h2>
          ${x.length?r`<ul class="list compact">${x.slice(0,100).map(t=>r`<li><div><strong>${t.name}</strong>
                  <span>${t.street} · 重大 ${t.open_major}${t.proposed_major?`（拟判 ${t.proposed_major}）`:""} · 一般 ${t.open_general} · 逾期 ${t.overdue}</span></div></li>`)}</ul>`:r`<p class="empty">全部机构已清零。</p>`}</section>`:null}
  <//>`}export{K as a};
