// The dashboard's only script and stylesheet, served from /static so the CSP can forbid inline code.

/** Live updates: listen to /events and reload when the watched key's version changes. */
export const APP_JS = `(() => {
  const key = document.body.dataset.live;
  if (!key || !window.EventSource) return;
  let seen;
  const source = new EventSource('/events?watch=' + encodeURIComponent(key));
  // A form being submitted navigates anyway: a reload now would abort it.
  document.addEventListener('submit', () => source.close());
  source.addEventListener('version', (event) => {
    if (seen === undefined) { seen = event.data; return; }
    if (event.data !== seen) { source.close(); window.location.reload(); }
  });
})();
`;

export const APP_CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;background:#1d2330}
header a{color:#e8ecf2;text-decoration:none}.brand{font-weight:700}nav{display:flex;gap:1rem}
main{max-width:80rem;margin:0 auto;padding:1rem 1.5rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;background:#fff}th,td{border:1px solid #d5d9e0;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
.muted{color:#687387}.tag{background:#e3ecff;border-radius:3px;padding:0 .3rem;font-size:12px}
.st{white-space:nowrap}.st-fail{color:#b42318}.st-pass{color:#1a7f37}.st-warn{color:#9a6700}.st-pending{color:#0550ae}
.filters,.approve{display:flex;gap:1rem;flex-wrap:wrap;align-items:end;margin:.5rem 0}.approve{background:#fff7e0;padding:.8rem;border:1px solid #e0a800}
.flash{background:#e6f4ea;padding:.5rem .8rem;border-left:4px solid #1a7f37}
.timeline{background:#eef1f5;margin:.5rem 0}.bar{stroke:#fff}.bar-pass{fill:#2da44e}.bar-warn{fill:#d4a72c}.bar-fail{fill:#cf222e}.bar-pending{fill:#54aeff}.bar-na{fill:#8c959f}
.note{background:#fff7e0;padding:.5rem .8rem;border-left:4px solid #e0a800}.overall{font-size:1.1rem}
`;
