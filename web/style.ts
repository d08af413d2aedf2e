/**
 * The pages' one style sheet, served at /static/style.css (the content security policy allows
 * no inline styles). Text and controls meet WCAG AA contrast (body text 15:1, links and buttons
 * over 7:1); focus is always visible; layout works at 320 px and with 200% zoom.
 */
export const STYLE_CSS = `
:root { --ink: #1b1f24; --muted: #4a5360; --line: #c9ced6; --accent: #0b4f8a; --accent-ink: #ffffff;
  --warn-bg: #fff4d6; --warn-line: #8a5a00; --bad-bg: #fde8e8; --bad-ink: #8a1111; --ok-bg: #e6f4ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); background: #f5f7fa; }
header.top .brand { font-weight: 700; font-size: 1.1rem; color: var(--ink); text-decoration: none; }
header.top nav a { margin-right: 1rem; }
header.top form { display: inline; }
main { max-width: 68rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f5f7fa; }
tbody th { background: #fff; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; margin: .25rem 0; }
.choice label { display: flex; gap: .5rem; align-items: baseline; }
input[type=text], input[type=password], input[type=date], select, textarea { font: inherit; padding: .4rem .5rem; border: 1px solid #6b7480; border-radius: 4px; min-width: 12rem; max-width: 100%; }
textarea { width: 100%; min-height: 6rem; }
button, .button { font: inherit; font-weight: 600; padding: .5rem 1rem; border-radius: 4px; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--accent); }
.notice { border-left: 4px solid var(--warn-line); background: var(--warn-bg); padding: .75rem 1rem; margin: 1rem 0; }
.error { border-left: 4px solid var(--bad-ink); background: var(--bad-bg); color: var(--bad-ink); padding: .75rem 1rem; margin: 1rem 0; }
.ok { border-left: 4px solid #1e6b34; background: var(--ok-bg); padding: .75rem 1rem; margin: 1rem 0; }
.score { font-size: 2.5rem; font-weight: 700; }
.protocol-high { border-left: 6px solid var(--bad-ink); background: var(--bad-bg); padding: .75rem 1rem; }
.protocol-low, .protocol-none { border-left: 6px solid var(--accent); background: #eef4fb; padding: .75rem 1rem; }
.tag { display: inline-block; font-size: .85rem; padding: 0 .4rem; border-radius: 3px; border: 1px solid var(--bad-ink); color: var(--bad-ink); }
.muted { color: var(--muted); }
.people td:first-child { font-family: ui-monospace, monospace; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.family-code strong { font: 700 1.75rem/1.2 ui-monospace, monospace; letter-spacing: .12em; }
form.inline { display: inline-block; margin: 0 .5rem .5rem 0; }
.family-person { margin-top: 1.5rem; }
@media (max-width: 40rem) {
  table.records thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.records, table.records tbody, table.records tr, table.records td { display: block; width: 100%; }
  table.records tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .75rem; padding: .25rem .6rem; }
  table.records td { border: 0; padding: .15rem 0; }
  table.records td::before { content: attr(data-label) ": "; font-weight: 600; }
}
`;
