// Knowledge base: print button and the editor's live Markdown preview. No inline script (CSP).
(function () {
    'use strict';

    document.querySelectorAll('[data-kb-print]').forEach(function (button) {
        button.hidden = false;
        button.addEventListener('click', function () { window.print(); });
    });

    var source = document.querySelector('[data-kb-preview-source]');
    var target = document.getElementById('kb-preview');
    if (!source || !target) {
        return;
    }

    var form = source.form;
    var tokenInput = form ? form.querySelector('input[name="__RequestVerificationToken"]') : null;
    var url = source.getAttribute('data-kb-preview-url');
    var timer = null;
    var pending = null;

    function render() {
        if (pending) {
            pending.abort();
        }

        pending = new AbortController();
        var body = new URLSearchParams();
        body.set('markdown', source.value);
        fetch(url, {
            method: 'POST',
            body: body,
            credentials: 'same-origin',
            headers: { 'RequestVerificationToken': tokenInput ? tokenInput.value : '' },
            signal: pending.signal
        }).then(function (response) {
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            return response.text();
        }).then(function (html) {
            // The server has sanitised the HTML (Markdig + HtmlSanitizer).
            target.innerHTML = html;
            target.removeAttribute('aria-busy');
        }).catch(function (error) {
            if (error.name !== 'AbortError') {
                target.textContent = target.getAttribute('data-error-text') || 'Preview is not available.';
            }
        });
    }

    source.addEventListener('input', function () {
        target.setAttribute('aria-busy', 'true');
        clearTimeout(timer);
        timer = setTimeout(render, 400);
    });
    render();
}());
