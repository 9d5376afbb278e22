import{i as d,k as c,m as $,q as u}from"./chunk-ESIZFJUU.js";import{H as s,J as o,L as t,N as l}from"./chunk-HWI3JL25.js";function b({page:p}){let{data:e,error:m,reload:r}=c(()=>s("/me/notifications?page_size=100")),{error:f,run:i}=u(),n=(e||[]).filter(a=>!a.read_at).length;return t`<${$} title="通知" ...${p}>
    <${l} error=${m||f} />
    <p class="lead">未读 ${e?n:"…"} 条</p>
    ${n?t`<button onClick=${async()=>await i(()=>o("/me/notifications/read-all"))!==void 0&&r()}>全部标为已读</button>`:null}
    ${e&&e.length?t`<ul class="list">${e.map(a=>t`<li><div class=${a.read_at?"":"unread"}>
            <strong>${a.read_at?"":"【未读】"}${a.message}</strong>
            <span>${d(a.created_at)}</span>
            <span class="actions">
              ${a.hazard_id?t`<a href=${`#/h/${a.hazard_id}`}>查看隐患</a>`:null}
              ${a.read_at?null:t`<button class="link" onClick=${async()=>await i(()=>o(`/me/notifications/${a.id}/read`))!==void 0&&r()}>标为已读</button>`}
            </span>
          </div></li>`)}</ul>`:t`<p class="empty">${e?"没有通知。":"正在加载…"}</p>`}
  <//>`}export{b as a};
