/* Khảo sát NQ57: the enumerator's interview page, online and offline.
 *
 * Without this script the page is an ordinary form posted to the server. With it:
 * - questions hidden by show-if conditions are hidden as the answers change (the server
 *   applies the same conditions when the interview arrives);
 * - "Lưu phỏng vấn" puts the interview in a queue kept in this browser (localStorage), with
 *   an id made here, and the queue is sent one interview at a time to /interview/sync,
 *   now if there is a connection, else when it comes back. The server stores an id once,
 *   so an interview sent twice (an answer lost on the way back) is stored once;
 * - the page and its files are put in the cache that the service worker serves offline.
 * Every text shown comes from the page (data-* attributes), in the interface language.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-interview]");
  if (!form || !window.JSON) return;

  var QUEUE_KEY = "nq57-interview-queue";
  var USED_KEY = "nq57-interview-used-codes";
  var CACHE = "nq57-interview-v1";
  var RETRY_MS = 30000;
  var MAX_TRIES = 3;
  var text = document.getElementById("interview-messages").dataset;
  var surveyId = parseInt(form.dataset.surveyId, 10);
  var communeId = parseInt(form.dataset.communeId, 10);
  var userId = form.dataset.userId;
  var codeSelect = document.getElementById("respondent_code");
  var queueBox = document.getElementById("queue");
  var queueStatus = document.getElementById("queue-status");
  var queueList = document.getElementById("queue-list");
  var sending = false;
  var editing = null;

  function storageWorks() {
    try {
      localStorage.setItem("nq57-test", "1");
      localStorage.removeItem("nq57-test");
      return true;
    } catch (e) {
      return false;
    }
  }
  if (!storageWorks()) {
    say(text.noStorage);
    return; // the form posts to the server as without a script
  }

  function read(key) {
    try {
      return JSON.parse(localStorage.getItem(key)) || [];
    } catch (e) {
      return [];
    }
  }
  function write(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }
  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function mine(item) {
    return item.user_id === userId && item.survey_id === surveyId && item.commune_id === communeId;
  }
  function formatCode(code) {
    return code.slice(0, 4) + "-" + code.slice(4);
  }

  /* Show-if, as app.surveys.logic evaluates it: only answers to shown questions count. */
  function valueOf(block) {
    var inputs = block.querySelectorAll("input, select, textarea");
    var values = [];
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.name !== "q_" + block.dataset.code) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value.trim() !== "") values.push(input.value.trim());
    });
    if (block.dataset.type === "multiple_choice") return values;
    return values.length ? values[0] : null;
  }
  function conditionMet(condition, shown) {
    if (!condition) return true;
    var value = shown[condition.question];
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) return false;
    if (condition.any_of) {
      var chosen = Array.isArray(value) ? value : [value];
      return chosen.some(function (v) { return condition.any_of.indexOf(v) !== -1; });
    }
    var number = parseFloat(String(value).replace(/[ .\u00a0](?=\d{3}\b)/g, "").replace(",", "."));
    if (isNaN(number)) return false;
    return (condition.min === undefined || condition.min === null || number >= condition.min) &&
      (condition.max === undefined || condition.max === null || number <= condition.max);
  }
  function parseCondition(element) {
    var raw = element.getAttribute("data-show-if");
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch (e) {
      return null;
    }
  }
  function setShown(element, shown) {
    element.hidden = !shown;
    Array.prototype.forEach.call(element.querySelectorAll("input, select, textarea"), function (i) {
      i.disabled = !shown;
    });
  }
  function applyConditions() {
    var shown = {};
    Array.prototype.forEach.call(form.querySelectorAll(".interview-section"), function (section) {
      var sectionShown = conditionMet(parseCondition(section), shown);
      var any = false;
      Array.prototype.forEach.call(section.querySelectorAll(".interview-q"), function (block) {
        var visible = sectionShown && conditionMet(parseCondition(block), shown);
        setShown(block, visible);
        if (visible) {
          any = true;
          var value = valueOf(block);
          if (value !== null) shown[block.dataset.code] = value;
        }
      });
      section.hidden = !any;
    });
  }

  /* What the form holds: the answer fields of shown questions, as the server reads them. */
  function collect() {
    var fields = {};
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (name.indexOf("q_") !== 0 || String(value).trim() === "") return;
      (fields[name] = fields[name] || []).push(String(value));
    });
    return fields;
  }
  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error"), function (e) {
      e.parentNode.removeChild(e);
    });
    Array.prototype.forEach.call(form.querySelectorAll(".form-group--error"), function (g) {
      g.classList.remove("form-group--error");
    });
  }
  function markError(group, message) {
    group.classList.add("form-group--error");
    var p = document.createElement("p");
    p.className = "error-message js-error";
    p.textContent = message;
    group.insertBefore(p, group.firstChild.nextSibling);
  }
  function check() {
    clearErrors();
    var first = null;
    if (!codeSelect.value) {
      markError(document.getElementById("q-respondent_code"), text.noCode);
      first = codeSelect;
    }
    Array.prototype.forEach.call(form.querySelectorAll(".interview-q[data-required]"), function (b) {
      if (b.hidden || b.dataset.type === "note") return;
      var answered = Array.prototype.some.call(b.querySelectorAll("input, select, textarea"),
        function (i) {
          if (i.type === "radio" || i.type === "checkbox") return i.checked;
          return i.value.trim() !== "";
        });
      if (!answered) {
        var group = b.querySelector(".form-group") || b;
        markError(group, text.required);
        first = first || group.querySelector("input, select, textarea");
      }
    });
    if (first) first.focus();
    return !first;
  }
  function showServerErrors(errors) {
    clearErrors();
    var first = null;
    Object.keys(errors || {}).forEach(function (code) {
      var group = document.getElementById("q-" + code);
      if (!group) return;
      markError(group, errors[code]);
      first = first || group.querySelector("input, select, textarea");
    });
    if (first) first.focus();
  }

  /* The queue. */
  function usedCodes() {
    return read(USED_KEY);
  }
  function markUsed(code) {
    var used = usedCodes();
    if (used.indexOf(code) === -1) used.push(code);
    write(USED_KEY, used.slice(-2000));
  }
  function hideUsedCodes() {
    var taken = usedCodes().concat(read(QUEUE_KEY).map(function (i) { return i.code; }));
    var options = document.querySelectorAll("#respondent_code option, #outcome_code option");
    Array.prototype.forEach.call(options, function (option) {
      if (option.value && taken.indexOf(option.value) !== -1 && !option.selected) {
        option.parentNode.removeChild(option);
      }
    });
  }
  function say(message) {
    queueBox.hidden = false;
    queueStatus.textContent = message;
  }
  function render(note) {
    var items = read(QUEUE_KEY).filter(mine);
    queueList.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "queue__item" + (item.problem ? " queue__item--problem" : "");
      li.appendChild(document.createTextNode(formatCode(item.code) +
        (item.problem ? " · " + item.problem : "")));
      if (item.problem && !item.editing) {
        li.appendChild(button(text.reopen, function () { reopen(item.id); }));
        li.appendChild(button(text.discard, function () {
          if (window.confirm(text.confirmDiscard)) remove(item.id);
        }));
      }
      queueList.appendChild(li);
    });
    var waiting = items.length ? text.waiting.replace("{n}", items.length) : text.none;
    var offline = navigator.onLine === false ? " " + text.offline : "";
    say((note ? note + " " : "") + waiting + offline);
    form.setAttribute("data-queued", String(items.length));
  }
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link-button queue__action";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }
  function remove(id) {
    write(QUEUE_KEY, read(QUEUE_KEY).filter(function (i) { return i.id !== id; }));
    render();
  }
  function update(id, changes) {
    write(QUEUE_KEY, read(QUEUE_KEY).map(function (i) {
      return i.id === id ? Object.assign({}, i, changes) : i;
    }));
  }
  function reopen(id) {
    var item = read(QUEUE_KEY).filter(function (i) { return i.id === id; })[0];
    if (!item) return;
    if (editing && editing !== item.id) update(editing, { editing: false });
    form.reset();
    if (!codeSelect.querySelector('option[value="' + item.code + '"]')) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = formatCode(item.code);
      codeSelect.appendChild(option);
    }
    codeSelect.value = item.code;
    Array.prototype.forEach.call(form.elements, function (input) {
      var values = item.fields[input.name];
      if (!values || input.name.indexOf("q_") !== 0) return;
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = values.indexOf(input.value) !== -1;
      } else {
        input.value = values[0];
      }
    });
    editing = item.id;
    update(item.id, { editing: true });  // kept until saved again: closing the tab loses nothing
    render();
    applyConditions();
    showServerErrors(item.errors);
    window.scrollTo(0, 0);
  }
  function queueInterview(event) {
    event.preventDefault();
    applyConditions();
    if (!check()) return;
    var item = {
      id: editing || newId(),
      user_id: userId,
      survey_id: surveyId,
      commune_id: communeId,
      code: codeSelect.value,
      fields: collect(),
      saved_at: new Date().toISOString(),
    };
    var queue = read(QUEUE_KEY).filter(function (i) { return i.id !== item.id; });
    queue.push(item);
    write(QUEUE_KEY, queue);
    editing = null;
    form.reset();
    clearErrors();
    hideUsedCodes();
    codeSelect.value = "";
    applyConditions();
    render(text.queued);
    window.scrollTo(0, 0);
    send();
  }

  /* Sending, one interview at a time; stops at the first failure of the connection. */
  function send() {
    if (sending) return;
    var item = read(QUEUE_KEY).filter(function (i) {
      return mine(i) && !i.problem && !i.editing;
    })[0];
    if (!item) {
      render();
      return;
    }
    sending = true;
    fetch(form.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({
        submission_id: item.id,
        user_id: item.user_id,
        survey_id: item.survey_id,
        commune_id: item.commune_id,
        code: item.code,
        fields: item.fields,
      }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        // Only the service's own answer counts: a portal or proxy page is not a receipt.
        var own = !response.redirected && body && typeof body.status === "string";
        return { status: own ? response.status : 0, body: own ? body : {} };
      });
    }).then(function (result) {
      sending = false;
      var stored = result.body.status === "stored" || result.body.status === "duplicate";
      if ((result.status === 200 || result.status === 201) && stored) {
        markUsed(item.code);
        remove(item.id);
        render(text.sent.replace("{code}", formatCode(item.code)));
        send();
      } else if (result.status === 401) {
        render(text.login);
      } else if (result.status === 202 || result.status === 503 || result.status === 0) {
        // Being stored by an earlier sending, busy, or no connection: try again later.
        render();
      } else if (result.status >= 500) {
        // A server error: retried a few times, then set aside so the others still go.
        var tries = (item.tries || 0) + 1;
        update(item.id, tries >= MAX_TRIES ? { tries: tries, problem: text.serverError } :
          { tries: tries });
        render();
      } else {
        update(item.id, { problem: result.body.message || String(result.status),
                          errors: result.body.errors || {} });
        render();
        send();
      }
    }).catch(function () {
      sending = false;
      render();
    });
  }

  function cacheForOffline() {
    if (!("serviceWorker" in navigator) || !window.caches) return;
    navigator.serviceWorker.register(form.dataset.workerUrl, { scope: "/interview/" })
      .then(function () {
        var urls = JSON.parse(form.dataset.cache);
        return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
      })
      .then(function () { document.documentElement.setAttribute("data-offline-ready", "1"); })
      .catch(function () { /* online use is unaffected */ });
  }

  var outcomeForm = document.querySelector("form[data-needs-network]");
  if (outcomeForm) {
    outcomeForm.addEventListener("submit", function (event) {
      if (navigator.onLine === false) {
        event.preventDefault();
        document.getElementById("outcome-offline").hidden = false;
      }
    });
  }
  form.addEventListener("change", applyConditions);
  form.addEventListener("input", applyConditions);
  form.addEventListener("submit", queueInterview);
  window.addEventListener("online", send);
  window.addEventListener("offline", function () { render(); });
  window.setInterval(send, RETRY_MS);
  write(QUEUE_KEY, read(QUEUE_KEY).map(function (i) {
    return mine(i) && i.editing ? Object.assign({}, i, { editing: false }) : i;
  }));
  applyConditions();
  hideUsedCodes();
  render();
  send();
  cacheForOffline();
})();
