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

    // Formatting toolbar: buttons that write Markdown around the selection (the box still works without them).
    var toolbar = document.querySelector('[data-kb-toolbar]');
    function format(kind, placeholder) {
        var start = source.selectionStart, end = source.selectionEnd, value = source.value;
        var selected = value.slice(start, end) || placeholder;
        var before = value.slice(0, start), after = value.slice(end);
        var text, selectFrom, selectTo;
        if (kind === 'bold') {
            text = '**' + selected + '**';
            selectFrom = start + 2; selectTo = selectFrom + selected.length;
        } else if (kind === 'link') {
            text = '[' + selected + '](https://)';
            selectFrom = start + selected.length + 3; selectTo = selectFrom + 8;
        } else {
            // Whole lines: the caret's line, or every line the selection touches.
            var lineStart = before.lastIndexOf('\n') + 1;
            var lineEnd = value.indexOf('\n', end);
            if (lineEnd < 0) {
                lineEnd = value.length;
            }
            var block = value.slice(lineStart, lineEnd);
            if (!block.trim()) {
                block = placeholder;
            }
            var prefix = kind === 'heading' ? '## ' : '- ';
            text = block.split('\n').map(function (line) { return line.indexOf(prefix) === 0 ? line : prefix + line; }).join('\n');
            before = value.slice(0, lineStart);
            after = value.slice(lineEnd);
            selectFrom = lineStart + prefix.length; selectTo = lineStart + text.length;
        }
        source.value = before + text + after;
        source.focus();
        source.setSelectionRange(selectFrom, selectTo);
        source.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (toolbar) {
        toolbar.hidden = false;
        toolbar.addEventListener('click', function (event) {
            var button = event.target.closest('[data-kb-format]');
            if (button) {
                format(button.getAttribute('data-kb-format'), button.getAttribute('data-placeholder') || '');
            }
        });
        source.addEventListener('keydown', function (event) {
            if (!(event.ctrlKey || event.metaKey) || event.altKey) {
                return;
            }
            var key = event.key.toLowerCase();
            var kind = key === 'b' ? 'bold' : key === 'k' ? 'link' : null;
            if (kind) {
                event.preventDefault();
                var button = toolbar.querySelector('[data-kb-format="' + kind + '"]');
                format(kind, button ? button.getAttribute('data-placeholder') : '');
            }
        });
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
