// Behaviour kept in a file: the content security policy allows no inline script.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
document.body.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
// Complaint form: picking an operator from the search-as-you-type list fills the hidden id.
document.addEventListener("click", function (event) {
  var pick = event.target.closest("[data-pick-operator]");
  if (!pick) {
    return;
  }
  event.preventDefault();
  var form = pick.closest("form");
  form.querySelector("input[name=operator]").value = pick.dataset.pickOperator;
  form.querySelector("input[name=operator_text]").value = pick.dataset.name;
  var results = form.querySelector("#operator-results");
  if (results) {
    results.innerHTML = "";
  }
});
document.addEventListener("input", function (event) {
  // Typing a new name forgets an earlier pick: the typed text is what is complained about.
  if (event.target.matches("input[name=operator_text]")) {
    var hidden = event.target.form.querySelector("input[name=operator]");
    if (hidden) {
      hidden.value = "";
    }
  }
});
