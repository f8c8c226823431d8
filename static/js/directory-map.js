// The directory map: progressive enhancement. Without JavaScript (or Leaflet) the page's list
// of results is complete on its own; the map shows the same places and nothing more.
(function () {
  "use strict";
  function draw(container) {
    if (typeof L === "undefined") { return; }
    var source = document.getElementById(container.getAttribute("data-markers"));
    if (!source) { return; }
    var markers = JSON.parse(source.textContent);
    if (!markers.length) { return; }
    var map = L.map(container, { attributionControl: false, keyboard: false, scrollWheelZoom: false });
    var tiles = container.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
    var bounds = [];
    markers.forEach(function (m) {
      // Coverage maps colour each school by its worst level; the page's table says the same in words.
      var fill = { gap: "#b3261e", thin: "#a15c00", covered: "#0b5d54" }[m.level] || "#0b5d54";
      var marker = L.circleMarker([m.lat, m.lon], { radius: m.level ? 11 : 8, color: "#073f39", weight: 2, fillColor: fill, fillOpacity: 0.9 });
      var popup = document.createElement("div");
      if (m.url) {
        var link = document.createElement("a");
        link.href = m.url;
        link.textContent = m.name;
        popup.appendChild(link);
      } else {
        popup.textContent = m.name;
      }
      marker.bindPopup(popup).addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    container.classList.add("directory-map--ready");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".directory-map").forEach(draw);
  });
})();
