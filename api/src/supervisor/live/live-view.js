/* global document, EventSource, window */
// The live view's only script (served at /supervisor/live/view.js, no framework): the server
// renders each queue's section; this swaps in the new ones the stream sends, counts the times
// on each second, and reads out a queue's counts when they change (politely, never the times).
// Without it the page still shows the state at its load.
(() => {
  const main = document.querySelector('main');
  const list = document.querySelector('[data-testid="live-queues"]');
  const status = document.querySelector('[data-testid="live-connection"]');
  const announcer = document.querySelector('[data-testid="live-announcer"]');
  if (!main || !list || !status || !announcer) return;
  // The server's clock minus ours: waits are counted from the server's times.
  let skewMs = Date.parse(main.dataset.serverTime ?? '') - Date.now() || 0;

  const sections = () => [...list.querySelectorAll('[data-testid="live-queue"]')];
  const elapsed = (since) => {
    const s = Math.max(0, Math.floor((Date.now() + skewMs - Date.parse(since)) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  const tick = () => {
    for (const element of list.querySelectorAll('[data-since]')) {
      element.textContent = elapsed(element.dataset.since);
    }
  };

  const apply = (message) => {
    skewMs = Date.parse(message.at) - Date.now();
    const said = [];
    for (const queue of message.queues) {
      const old = sections().find((section) => section.dataset.queue === queue.key);
      const template = document.createElement('template');
      template.innerHTML = queue.html; // rendered and escaped by the server
      const fresh = template.content.firstElementChild;
      if (old && !fresh) old.remove();
      else if (old && fresh) old.replaceWith(fresh);
      else if (fresh) list.append(fresh);
      const before = old?.dataset.summary;
      const after = fresh?.dataset.summary;
      if (!message.full && after && before !== after) said.push(after);
    }
    if (said.length > 0) announcer.textContent = said.join('. ');
    tick();
  };

  const source = new EventSource('/supervisor/live/events');
  source.addEventListener('open', () => {
    status.textContent = 'Live: updates as calls come and go.';
  });
  source.addEventListener('error', () => {
    status.textContent = 'Connection lost; reconnecting…';
  });
  source.addEventListener('queues', (event) => apply(JSON.parse(event.data)));
  window.setInterval(tick, 1000);
})();
