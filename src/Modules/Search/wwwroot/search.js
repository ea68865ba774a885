// Browsers without ::details-content cannot show the folded filters beside the results on a wide screen: open them.
(function () {
  if (window.CSS && CSS.supports && CSS.supports('selector(::details-content)')) return;
  if (!window.matchMedia('(min-width: 48rem)').matches) return;
  document.querySelectorAll('details.search-filters').forEach(function (d) { d.open = true; });
})();
