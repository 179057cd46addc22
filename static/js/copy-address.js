// "Copy address" buttons: each copies the value of the field named in its
// data-copy-from and says so in the status line beside it. Without this
// script the buttons stay hidden and the address can be selected by hand.
(function () {
    "use strict";

    function say(button, text) {
        var status = button.parentNode.querySelector("[role=status]");
        if (status) {
            status.textContent = text;
        }
    }

    function copyBySelecting(field) {
        field.focus();
        field.select();
        try {
            return document.execCommand("copy");
        } catch (error) {
            return false;
        }
    }

    function enhance(button) {
        var field = document.getElementById(button.getAttribute("data-copy-from"));
        if (!field) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            var copied = button.getAttribute("data-copied") || "";
            var failed = button.getAttribute("data-failed") || "";
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(
                    function () {
                        say(button, copied);
                    },
                    function () {
                        say(button, copyBySelecting(field) ? copied : failed);
                    }
                );
            } else {
                say(button, copyBySelecting(field) ? copied : failed);
            }
        });
    }

    function start() {
        document.querySelectorAll("button[data-copy-from]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
