// A form marked data-once sends once: the button is disabled after the first press (the server also makes one post
// from a double submit, by the form's key).
document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-once')) {
        return;
    }
    if (form.dataset.sent === 'true') {
        event.preventDefault();
        return;
    }
    form.dataset.sent = 'true';
    form.querySelectorAll('button[type=submit]').forEach(function (button) { button.setAttribute('aria-disabled', 'true'); });
});
