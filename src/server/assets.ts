// The dashboard's only script and stylesheet, served from /static so the CSP can forbid inline code.

/** Live updates: listen to /events and reload when the watched key's version changes. */
export const APP_JS = `(() => {
  const key = document.body.dataset.live;
  if (!key || !window.EventSource) return;
  let seen;
  const source = new EventSource('/events?watch=' + encodeURIComponent(key));
  const sources = [source];
  // A form being submitted navigates anyway: a reload now would abort it.
  document.addEventListener('submit', () => sources.forEach((s) => s.close()));
  source.addEventListener('version', (event) => {
    // data-live-ready: the stream is connected and has its baseline (tests wait on it, not on a sleep).
    if (seen === undefined) { seen = event.data; document.body.dataset.liveReady = '1'; return; }
    if (event.data !== seen) { sources.forEach((s) => s.close()); window.location.reload(); }
  });
  // A running run: its newest command log, streamed.
  const tail = document.querySelector('[data-tail]');
  if (tail) {
    const logs = new EventSource('/events?watch=' + encodeURIComponent('tail:' + tail.dataset.tail));
    sources.push(logs);
    logs.addEventListener('tail', (event) => { tail.textContent = event.data; tail.scrollTop = tail.scrollHeight; });
  }
  // Elapsed times tick without a reload.
  const since = document.querySelectorAll('[data-since]');
  const fmt = (ms) => { const s = Math.max(0, Math.round(ms / 1000)); return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; };
  if (since.length > 0) setInterval(() => since.forEach((el) => { const t = Number(el.dataset.since); if (t > 0) el.textContent = fmt(Date.now() - t); }), 1000);
})();
`;

export const APP_CSS = `*,*::before,*::after{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center;padding:.6rem 1.5rem;background:#1d2330}
header a{color:#e8ecf2;text-decoration:none}header a:hover,header a:focus{text-decoration:underline}.brand{font-weight:700}nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem}
main{max-width:80rem;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.5rem;margin:.8rem 0 .4rem}h2{font-size:1.2rem;margin:1.4rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}
a{color:#0a58ca}
.tw{max-width:100%;overflow-x:auto;margin:.5rem 0 1rem}.tw:focus{outline:2px solid #0a58ca}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #d5d9e0;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}code,pre{font-family:ui-monospace,monospace;font-size:12px}code{overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-width:100%;white-space:pre-wrap;overflow-wrap:anywhere}
pre.tail{max-height:24rem;background:#1d2330;color:#e8ecf2;border-radius:4px}
.muted{color:#5c6678}.tag{background:#e3ecff;border-radius:3px;padding:0 .3rem;font-size:12px;white-space:nowrap}.tag-deployed{background:#dafbe1;color:#116329}
.st{overflow-wrap:anywhere}.st-fail{color:#b42318}.st-pass{color:#1a7f37}.st-warn{color:#8a5c00}.st-pending{color:#0550ae}.st-na{color:#5c6678}
.filters,.approve{display:flex;gap:1rem;flex-wrap:wrap;align-items:end;margin:.5rem 0}.approve{background:#fff7e0;padding:.8rem;border:1px solid #e0a800}
input,select,button{font:inherit;max-width:100%}
.flash{background:#e6f4ea;padding:.5rem .8rem;border-left:4px solid #1a7f37}
.timeline{background:#eef1f5;margin:.5rem 0;max-width:100%}.bar{stroke:#fff}.bar-pass{fill:#2da44e}.bar-warn{fill:#d4a72c}.bar-fail{fill:#cf222e}.bar-pending{fill:#54aeff}.bar-na{fill:#8c959f}
.note{background:#fff7e0;padding:.5rem .8rem;border-left:4px solid #e0a800}.overall{font-size:1.1rem}
.cause{padding:.4rem 1rem .8rem;margin:.8rem 0;border:1px solid;border-left-width:6px;background:#fff}.cause-fail{border-color:#cf222e}.cause-warn{border-color:#d4a72c}
.cause .headline{font-size:1.05rem;font-weight:600}.err{color:#b42318}
.live{padding:.4rem 1rem .8rem;margin:.8rem 0;border:1px solid #54aeff;border-left-width:6px;background:#fff}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem;margin:.5rem 0 1rem}
.card{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:.6rem 1rem}.card h2{margin-top:.2rem}
.big{font-size:1.15rem;font-weight:600}.cmd{background:#f3f5f8;padding:.1rem .3rem;border-radius:3px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
figure{margin:0;background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:.5rem}figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart{width:100%;height:auto;display:block}.chart .line{fill:none;stroke:#0a58ca;stroke-width:2}.chart .line2{fill:none;stroke:#8a5c00;stroke-width:2;stroke-dasharray:5 3}
.chart .axis{stroke:#8c959f;stroke-width:1}.chart text{font-size:11px;fill:#3d4452}.chart .dot{fill:#0a58ca}.chart .bar{fill:#0a58ca}
.chart .v{font-size:14px;font-weight:600;fill:#1f2430}.chart .none,.chart .empty{fill:#5c6678;font-weight:400}.chart .empty{font-size:16px}.chart .x{font-size:12px}.chart .ref{fill:#8a5c00;font-weight:400}
@media (max-width:40rem){main{padding:.6rem .75rem}header{padding:.5rem .75rem}
.tw table,.tw tbody,.tw tr,.tw td{display:block;width:100%}.tw thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.tw tr{border:1px solid #d5d9e0;border-radius:4px;margin:0 0 .5rem;background:#fff}.tw td{border:0;border-bottom:1px solid #eef1f5;padding:.25rem .5rem}
.tw td::before{content:attr(data-label);display:block;font-size:12px;color:#5c6678}.tw td[data-label=""]::before{content:none}}
`;
