// qgov: progressive enhancement only; every page works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.querySelector(".messages") || document.createElement("div");
  box.className = "messages";
  box.setAttribute("role", "alert");
  box.innerHTML = '<p class="message error">The server refused the request (' + event.detail.xhr.status + ").</p>";
  var main = document.getElementById("main");
  if (main && !box.parentNode) main.prepend(box);
});
