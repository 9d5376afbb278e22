// The street officer's (街镇) board: the clearance board fixed to the officer's street,
// and its monthly report, beside the inspector's screens the officer works with (#/board,
// from today's tasks).
import { html } from "../ui.js";
import { Board } from "./board.js";
import { MonthlyReport } from "./reports.js";

/** @type {[string, string][]} */
const MENU = [
  ["#/", "今日任务"],
  ["#/board", "本街镇动态清零"],
];

/** @param {{user: any, path: string, go: (hash: string) => void, onLogout: () => void}} props */
export function Screens(props) {
  return html`<${Board} page=${{ ...props, menu: MENU }} street=${props.user.street}>
    <${MonthlyReport} street=${props.user.street} />
  <//>`;
}
