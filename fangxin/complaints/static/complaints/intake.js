// The complaint form and its receipt. Behaviour lives in a file: the CSP allows no inline script.
(function () {
  "use strict";

  // A new CAPTCHA picture on demand, from django-simple-captcha's refresh view (JSON).
  var refresh = document.getElementById("captcha-refresh");
  if (refresh) {
    refresh.addEventListener("click", function () {
      var form = refresh.closest("form");
      fetch(refresh.dataset.captchaRefresh, {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          var image = document.getElementById("captcha-image");
          image.srcset = data.image_url + " 1x, " + data.image_url.replace(/\/$/, "@2/") + " 2x";
          image.src = data.image_url;
          form.querySelector("input[name=captcha_0]").value = data.key;
          var answer = form.querySelector("input[name=captcha_1]");
          answer.value = "";
          answer.focus();
        })
        .catch(function () {
          refresh.textContent = refresh.dataset.failed;
        });
    });
  }

  // After a refused attempt, start at the summary of what to fix (read out by screen readers).
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // The receipt: copy the tracking code. The button shows only where script runs.
  var copy = document.getElementById("copy-code");
  if (copy) {
    var status = document.getElementById("copy-status");
    var fallback = function (text) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "position-fixed top-0 start-0 opacity-0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (error) {
        ok = false;
      }
      area.remove();
      return ok;
    };
    var report = function (ok) {
      status.textContent = ok ? copy.dataset.copied : copy.dataset.copyFailed;
    };
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var text = document.getElementById(copy.dataset.copyTarget).textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () {
            report(true);
          },
          function () {
            report(fallback(text));
          }
        );
      } else {
        report(fallback(text));
      }
    });
  }
})();
