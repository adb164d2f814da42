// incidentctl's search worker, in place of Material's (the plugin points Material's search box
// here). Same messages as Material 9's worker: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3).
// Why: Material's worker builds its lunr index from every document on each page load (7 s at
// 10,000 incidents); this one loads the index lunr.py built at build time (search.py).
// Ranking: a symptom search lists the documents holding most of its words first. Stop words
// ("to", "the") are dropped, the other words are stemmed, and only the word being typed (the
// last, with no space after it) also matches as a prefix. Loads nothing from the network.
"use strict";
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 100; // results handed to the search box: the best ones (it draws 10 at a time)
var NO_METADATA = Object.freeze({}); // lunr reads a posting's metadata, never writes it
var loaded = null; // {index, docs}

// Our own URL: in a worker, self.location; in Material's iframe-worker shim (file://), the
// script tag the shim wrote.
function here() {
  if (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent) {
    return document.querySelector("script[src]").src;
  }
  return self.location.href;
}

async function setup() {
  var base = here();
  await importScripts(
    new URL("lunr.min.js", base).href,
    new URL("../../search/incidentctl_index.js", base).href
  );
  var data = self.__incidentctlSearch;
  loaded = { index: lunr.Index.load(expand(data.index)), docs: data.docs };
  self.__incidentctlSearch = null;
}

// search.py's compact index back in lunr.js's serialized form: term numbers from their
// differences, and the inverted index rebuilt from the field vectors (each posting is in one).
function expand(c) {
  var postings = c.terms.map(function (term, i) {
    var posting = { _index: i };
    c.fields.forEach(function (f) { posting[f] = {}; });
    return [term, posting];
  });
  var vectors = c.vectors.map(function (row) {
    var field = c.fields[row[0]], ref = String(row[1]), elements = [], term = 0;
    for (var k = 2; k < row.length; k += 2) {
      term += row[k];
      elements.push(term, row[k + 1]);
      postings[term][1][field][ref] = NO_METADATA;
    }
    return [field + "/" + ref, elements];
  });
  postings.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
  return {
    version: c.version, fields: c.fields, fieldVectors: vectors,
    invertedIndex: postings, pipeline: ["stemmer"]
  };
}

// The words of a query: lower case, split like the index (spaces and hyphens), trimmed of
// punctuation. `typing`: the last word has no space after it, so it may be unfinished.
function words(value) {
  var parts = value.toLowerCase().split(/[\s\-]+/);
  var out = [];
  parts.forEach(function (part) {
    var word = lunr.trimmer(new lunr.Token(part)).toString();
    if (word) { out.push(word); }
  });
  return { list: out, typing: !/[\s\-]$/.test(value) };
}

function stem(word) {
  return lunr.stemmer(new lunr.Token(word)).toString();
}

function search(value) {
  var q = words(value);
  var last = q.list.length - 1;
  var wanted = []; // [word, stem, prefix?, stop word?]
  q.list.forEach(function (word, i) {
    var prefix = i === last && q.typing;
    var stop = !lunr.stopWordFilter(new lunr.Token(word));
    if (stop && !prefix) { return; }
    wanted.push([word, stem(word), prefix, stop]);
  });
  if (!wanted.length) { return { items: [] }; }
  var hits = loaded.index.query(function (query) {
    wanted.forEach(function (w) {
      if (!w[3]) { query.term(w[1], { usePipeline: false }); }
      if (w[2]) {
        query.term(w[0], { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      }
    });
  });
  return { items: rank(hits, wanted) };
}

// Which query words a hit matched (its matched index terms are stems or prefix expansions).
// A stop word being typed ("to", which may yet become "token") is not counted either way.
function matched(hit, wanted) {
  var terms = Object.keys(hit.matchData.metadata);
  var found = {};
  wanted.forEach(function (w) {
    if (w[3]) { return; }
    found[w[0]] = terms.some(function (t) {
      return t === w[1] || (w[2] && t.indexOf(w[0]) === 0);
    });
  });
  return found;
}

// lunr's score times the square of the share of the query's words matched, then Material's
// groups: a page and its sections together, the page first. Only the best SHOWN: copying
// thousands of results to the page cost more than finding them.
function rank(hits, wanted) {
  var scored = hits.map(function (hit) {
    var terms = matched(hit, wanted);
    var names = Object.keys(terms);
    var share = names.length ? names.filter(function (n) { return terms[n]; }).length / names.length : 1;
    var doc = loaded.docs[+hit.ref];
    return { doc: doc, score: hit.score * share * share, terms: terms };
  });
  scored.sort(function (a, b) { return b.score - a.score; });
  var groups = new Map();
  scored.slice(0, SHOWN).forEach(function (s) {
    var page = s.doc.location.split("#")[0];
    if (!groups.has(page)) { groups.set(page, []); }
    groups.get(page).push(item(s.doc, s.score, s.terms, wanted));
  });
  var byLocation = null;
  var out = [];
  groups.forEach(function (items, page) {
    if (!items.some(function (i) { return i.location === page; })) {
      byLocation = byLocation || index(loaded.docs);
      var article = byLocation.get(page);
      if (article) { items.push(item(article, 0, {}, [])); }
    }
    out.push(items);
  });
  return out;
}

function index(docs) {
  var map = new Map();
  docs.forEach(function (d) { map.set(d.location, d); });
  return map;
}

function item(doc, score, terms, wanted) {
  return {
    location: doc.location,
    title: mark(doc.title, wanted),
    text: mark(doc.text, wanted),
    tags: doc.tags,
    score: score,
    terms: terms
  };
}

// <mark> the query's words where a word starts with them, outside tags and entities (the
// text is escaped HTML, from search.py).
function mark(text, wanted) {
  var stems = wanted.map(function (w) { return escape(w[2] ? w[0] : w[1]); });
  if (!stems.length) { return text; }
  var re = new RegExp("(^|[^\\w&#])(" + stems.join("|") + ")([\\w]*)", "gi");
  return text.split(/(<[^>]*>|&[#\w]+;)/).map(function (part, i) {
    return i % 2 ? part : part.replace(re, "$1<mark>$2$3</mark>");
  }).join("");
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function handle(message) {
  if (message.type === SETUP) {
    await setup();
    return { type: READY };
  }
  if (message.type === QUERY) {
    try {
      return { type: RESULT, data: search(message.data) };
    } catch (err) {
      console.warn("search: " + err);
      return { type: RESULT, data: { items: [] } };
    }
  }
  throw new TypeError("Invalid message type");
}

addEventListener("message", async function (ev) {
  postMessage(await handle(ev.data));
});
