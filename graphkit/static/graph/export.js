/* graphkit network view: export (being built). */
(function () {
  "use strict";
})();
