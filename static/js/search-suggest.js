// Suggestions for the search boxes: page titles in the visitor's language,
// offered through each box's <datalist> as the visitor types. Without this
// script the boxes are plain search forms.
(function () {
    "use strict";
    var DELAY = 200;
    var MIN_LENGTH = 2;

    function enhance(input) {
        var list = document.getElementById(input.getAttribute("list"));
        var url = input.getAttribute("data-suggest-url");
        if (!list || !url || !window.fetch) {
            return;
        }
        var timer = null;
        var latest = "";
        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            var query = input.value.trim();
            if (query.length < MIN_LENGTH) {
                list.replaceChildren();
                return;
            }
            timer = window.setTimeout(function () {
                latest = query;
                fetch(url + "?q=" + encodeURIComponent(query), {
                    headers: { Accept: "application/json" },
                    credentials: "same-origin",
                })
                    .then(function (response) {
                        return response.ok ? response.json() : { suggestions: [] };
                    })
                    .then(function (data) {
                        if (query !== latest) {
                            return;
                        }
                        list.replaceChildren.apply(
                            list,
                            data.suggestions.map(function (suggestion) {
                                var option = document.createElement("option");
                                option.value = suggestion.title;
                                return option;
                            })
                        );
                    })
                    .catch(function () {
                        list.replaceChildren();
                    });
            }, DELAY);
        });
    }

    document.querySelectorAll("input[data-suggest-url][list]").forEach(enhance);
})();
