/* js/99-start.js: start the view the page's body names. */
if (kd.body.classList.contains("view-deck")) kd.views.deck();
else if (kd.body.classList.contains("view-doc")) kd.views.doc();
else if (kd.body.classList.contains("view-presenter")) kd.views.presenter();
