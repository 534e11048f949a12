// A stand-in for hCaptcha's JS API (https://js.hcaptcha.com/1/api.js), which is out of reach
// offline. It speaks the same API the widget uses: the script calls `window[onload]` when
// loaded with `render=explicit`; `hcaptcha.render(container, {sitekey, callback, hl,
// 'expired-callback', 'error-callback', size})` shows an "I am human" checkbox, as wide and
// tall as hCaptcha's own (303 x 78 px, compact 164 x 144 px), and returns a widget id; ticking it puts the response in a hidden `h-captcha-response` textarea and calls
// `callback(response)`; `getResponse`, `reset` and `remove` behave as documented. With
// hCaptcha's test site key the response is hCaptcha's documented test response, which the
// siteverify stand-in accepts, as hCaptcha's siteverify does with its test secret.

/** hCaptcha's documented test keys: this site key always yields this response. */
export const hcaptchaTestKeys = {
  siteKey: '10000000-ffff-ffff-ffff-000000000001',
  response: '10000000-aaaa-bbbb-cccc-000000000001',
};

export const hcaptchaScript = `(function () {
  var script = document.currentScript;
  var params = script ? new URL(script.src).searchParams : new URLSearchParams();
  var widgets = {};
  var next = 0;
  var labels = { en: 'I am human', es: 'Soy humano', fr: 'Je suis un humain', de: 'Ich bin ein Mensch' };
  function widgetOf(id) {
    var w = widgets[id === undefined ? Object.keys(widgets)[0] : id];
    if (!w) throw new Error('[hCaptcha] invalid-captcha-id');
    return w;
  }
  function render(container, opts) {
    var el = typeof container === 'string' ? document.getElementById(container) : container;
    if (!el) throw new Error('[hCaptcha] container not found');
    opts = opts || {};
    var sitekey = opts.sitekey || el.getAttribute('data-sitekey');
    var id = String(next++);
    var box = document.createElement('div');
    box.setAttribute('data-hcaptcha-widget-id', id);
    var compact = (opts.size || el.getAttribute('data-size')) === 'compact';
    box.style.cssText = 'box-sizing:border-box;display:flex;flex-wrap:wrap;align-content:center;align-items:center;gap:8px;padding:12px 16px;border:1px solid #767676;border-radius:4px;background:#fafafa;color:#1a1a1a;' + (compact ? 'width:164px;height:144px' : 'width:303px;height:78px');
    var check = document.createElement('button');
    check.type = 'button';
    check.setAttribute('role', 'checkbox');
    check.setAttribute('aria-checked', 'false');
    check.setAttribute('data-testid', 'hcaptcha-checkbox');
    check.style.cssText = 'width:28px;height:28px;border:2px solid #555;border-radius:4px;background:#fff;padding:0';
    var label = document.createElement('span');
    label.id = 'hcaptcha-label-' + id;
    label.textContent = labels[(opts.hl || params.get('hl') || 'en').slice(0, 2)] || labels.en;
    check.setAttribute('aria-labelledby', label.id);
    var textarea = document.createElement('textarea');
    textarea.name = 'h-captcha-response';
    textarea.setAttribute('aria-hidden', 'true');
    textarea.tabIndex = -1;
    textarea.style.display = 'none';
    box.append(check, label, textarea);
    el.append(box);
    var widget = { box: box, check: check, textarea: textarea, response: '' };
    widgets[id] = widget;
    check.addEventListener('click', function () {
      if (widget.response) return;
      if (sitekey !== '${hcaptchaTestKeys.siteKey}') {
        if (opts['error-callback']) opts['error-callback']('invalid-data');
        return;
      }
      widget.response = '${hcaptchaTestKeys.response}';
      textarea.value = widget.response;
      check.setAttribute('aria-checked', 'true');
      check.textContent = '\\u2713';
      if (opts.callback) opts.callback(widget.response);
    });
    return id;
  }
  window.hcaptcha = {
    render: render,
    getResponse: function (id) { return widgetOf(id).response; },
    getRespKey: function () { return ''; },
    reset: function (id) {
      var w = widgetOf(id);
      w.response = '';
      w.textarea.value = '';
      w.check.setAttribute('aria-checked', 'false');
      w.check.textContent = '';
    },
    remove: function (id) {
      var w = widgetOf(id);
      w.box.remove();
      delete widgets[id === undefined ? Object.keys(widgets)[0] : id];
    },
    execute: function (id) { widgetOf(id).check.click(); },
  };
  var onload = params.get('onload');
  if (onload && typeof window[onload] === 'function') window[onload]();
})();
`;
