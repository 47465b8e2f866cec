/* graphkit network view: timeline (being built). */
(function () {
  "use strict";
})();
