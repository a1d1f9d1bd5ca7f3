// <digest-search> web component.
//
// A plain script fragment: the build concatenates it after the wasm-bindgen glue and
// www/src/loader.js (which defines `load(source)`), then adds the footer that exports
// `load` and `DigestSearchElement`. No import/export here, and nothing may throw when this
// is evaluated outside a browser (Node has no HTMLElement).
//
// Entry text (titles, snippets, authors, URLs, tags) only ever reaches the DOM through text
// nodes and attribute setters; highlights become <mark> elements built with createElement.
//
// Dates, tags, facets (tag chips + a year histogram, filters with tagMode "all" and one year)
// and the sort select show when the index has them; `no-dates`, `no-tags`, `no-facets` and
// `no-sort` switch each part off.

const DigestSearchElement = (() => {
  if (typeof HTMLElement === 'undefined') {
    return class DigestSearchElement {};
  }

  const DEFAULT_LIMIT = 10;
  const MAX_LIMIT = 1000; // the engine's most results per call (search::MAX_LIMIT in src/search/mod.rs)
  const ANNOUNCE_DELAY_MS = 400; // let typing settle before screen readers hear the count
  const URL_SYNC_DELAY_MS = 250; // coalesce history.replaceState calls while typing

  const DEFAULT_LABELS = {
    label: 'Search',
    placeholder: 'Search…',
    'label-results': '{n} results',
    'label-results-one': '{n} result',
    'label-no-results': 'No results for “{q}”',
    'label-no-results-hint': 'Check the spelling, or try fewer or different words.',
    'label-loading': 'Loading the search index…',
    'label-error': 'Search is unavailable: the index could not be loaded.',
    'label-search-failed': 'The search failed. Try again.',
    'label-ready': '{n} entries',
    'label-partial': 'Partial matches',
    'label-partial-one': 'partial match',
    'label-more': 'Show more results',
    'label-clear': 'Clear search',
    'label-results-list': 'Search results',
    'label-et-al': 'et al.',
    'label-no-matches': 'Nothing matches these filters',
    'label-no-matches-hint': 'Try removing a filter.',
    'label-filters': 'Filters',
    'label-years': 'Years',
    'label-clear-filters': 'Clear filters',
    'label-remove-filter': 'Remove filter {name}',
    'label-sort': 'Sort',
    'label-relevance': 'Relevance',
    'label-newest': 'Newest',
    'label-oldest': 'Oldest',
  };

  const SORTS = ['relevance', 'newest', 'oldest'];
  const MAX_TAG_CHIPS = 8; // facet chips per row, besides the active filters
  const MAX_TAG_LEN = 200; // a longer tag is no filter (nor a chip)
  const MAX_YEAR_CHIPS = 10; // the most recent years
  const MAX_RESULT_TAGS = 3; // tag chips on one result; the rest become "+N"
  const MAX_FILTER_TAGS = 10;
  // Switches a site can set on the element to turn a part off.
  const SWITCHES = ['no-dates', 'no-tags', 'no-facets', 'no-sort', 'no-shortcut'];

  // The style sheet, www/src/component.css: tools/minify.mjs puts it here as a string.
  const STYLES = '__DS_COMPONENT_CSS__';

  let sharedSheet = null; // one constructed stylesheet for every instance
  function adoptStyles(root) {
    try {
      if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
        if (!sharedSheet) {
          sharedSheet = new CSSStyleSheet();
          sharedSheet.replaceSync(STYLES);
        }
        root.adoptedStyleSheets = [sharedSheet];
        return;
      }
    } catch (_) { /* fall through to a <style> element */ }
    const style = document.createElement('style');
    style.textContent = STYLES;
    root.appendChild(style);
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function svgIcon(className, paths) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    // `part`: `icon`, the search icon's (the clear button's has none).
    for (const [k, v] of Object.entries({ class: className, part: className, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'aria-hidden': true, focusable: false })) {
      svg.setAttribute(k, v);
    }
    for (const d of paths) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', d);
      svg.appendChild(p);
    }
    return svg;
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'className') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (children) for (const c of children) if (c) node.appendChild(c);
    return node;
  }

  // Only http(s) and scheme-less (relative) URLs become links.
  function safeHref(url) {
    if (typeof url !== 'string') return null;
    // The URL parser ignores tabs/newlines and trims C0 controls + spaces: do the same first,
    // so "java\tscript:" or " javascript:" cannot sneak past the scheme check.
    const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    if (!cleaned) return null;
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
    if (scheme) {
      const s = scheme[1].toLowerCase();
      return s === 'http' || s === 'https' ? cleaned : null;
    }
    return cleaned;
  }

  function hostOf(href) {
    if (!/^https?:/i.test(href)) return '';
    try { return new URL(href).hostname.replace(/^www\./, ''); } catch (_) { return ''; }
  }

  /** Runs `fn` once the page is idle (soon, where the browser has no idle callbacks). */
  function whenIdle(fn) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 1000 });
    else setTimeout(fn, 50);
  }

  // Intl's formatters, one per language: a page's first formatter loads the language's data
  // (tens of milliseconds of main thread on a slow phone), so they are made while it is idle.
  const numFormats = new Map();

  // "2024-03-13" → "13 Mar 2024" (in the page's language); anything else is shown as it is.
  const dateFormats = new Map();
  function formatDate(iso, locale) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m || typeof Intl === 'undefined' || typeof Intl.DateTimeFormat !== 'function') return iso;
    const key = locale || '';
    let fmt = dateFormats.get(key);
    if (fmt === undefined) {
      const options = { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
      try { fmt = new Intl.DateTimeFormat(locale || undefined, options); } catch (_) {
        try { fmt = new Intl.DateTimeFormat(undefined, options); } catch (__) { fmt = null; }
      }
      dateFormats.set(key, fmt);
    }
    if (!fmt) return iso;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return iso;
    date.setUTCFullYear(y); // years 0-99 would otherwise become 1900-1999
    try { return fmt.format(date); } catch (_) { return iso; }
  }

  /** Whether a search's answer is still to come (a lazy index answers with a Promise). */
  function isPending(v) {
    return v != null && typeof v.then === 'function';
  }

  /** Calls `then` with a search's answer: now, or once a lazy index's Promise settles. */
  function withAnswer(v, then, failed = () => {}) {
    if (isPending(v)) v.then(then, failed);
    else then(v);
  }

  // Facet counts (`{ name: count }`) as [name, count] pairs, largest first.
  function countPairs(obj) {
    if (!obj || typeof obj !== 'object') return [];
    return Object.entries(obj)
      .filter(([k, n]) => k && Number.isFinite(n) && n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  const sameTag = (a, b) => a.toLowerCase() === b.toLowerCase();
  const buttonKey = (b) => `${b.className}|${b.getAttribute('data-kind')}|${b.getAttribute('data-key')}`;

  // Tag filters from the page or the URL: strings, no duplicates, a sane number.
  function cleanTags(tags) {
    const out = [];
    if (!Array.isArray(tags)) return out;
    for (const t of tags) {
      if (typeof t !== 'string') continue;
      const tag = t.trim();
      if (!tag || tag.length > MAX_TAG_LEN || out.some((o) => sameTag(o, tag))) continue;
      out.push(tag);
      if (out.length >= MAX_FILTER_TAGS) break;
    }
    return out;
  }

  // Append `text` to `parent`, wrapping [start, end) UTF-16 ranges in <mark>.
  function appendHighlighted(parent, text, ranges) {
    text = typeof text === 'string' ? text : '';
    const len = text.length;
    const spans = [];
    if (Array.isArray(ranges)) {
      for (const r of ranges) {
        if (!Array.isArray(r) || r.length < 2) continue;
        const a = Math.max(0, Math.min(len, Math.floor(Number(r[0]))));
        const b = Math.max(0, Math.min(len, Math.floor(Number(r[1]))));
        if (!(b > a)) continue;
        spans.push([a, b]);
      }
      spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    }
    // Merge overlapping and touching ranges so one word never becomes several <mark>s.
    const merged = [];
    for (const sp of spans) {
      const last = merged[merged.length - 1];
      if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
      else merged.push(sp);
    }
    let pos = 0;
    for (const [a, b] of merged) {
      if (a > pos) parent.appendChild(document.createTextNode(text.slice(pos, a)));
      parent.appendChild(el('mark', { part: 'highlight', text: text.slice(a, b) }));
      pos = b;
    }
    if (pos < len) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // Makes `nodes` the children of `parent`, in order: a node already there in its place stays
  // (the browser keeps its layout), the others are moved or added, and the rest removed.
  function place(parent, nodes) {
    for (const c of [...parent.children]) if (!nodes.includes(c)) c.remove();
    nodes.forEach((n, i) => parent.children[i] !== n && parent.insertBefore(n, parent.children[i]));
  }

  // The direction of a result's text: right to left when most of its letters are of a
  // right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko: a Hebrew title that opens with a
  // Latin word, `BERT לעברית …`), else dir="auto"'s, its first strong letter's.
  function dirOf(text) {
    const letters = String(text).match(/\p{L}/gu) || [];
    return letters.filter((c) => c >= '\u0590' && c <= '\u08ff' || c >= '\ufb1d' && c <= '\ufefc').length * 2 > letters.length ? 'rtl' : 'auto';
  }

  // Whether `node` lays out right to left (the page's dir, through the shadow root).
  function rtl(node) {
    return getComputedStyle(node).direction === 'rtl';
  }

  // An element that takes typed text: "/" is then typed there, not taken as the shortcut.
  function isEditable(node) {
    if (!node || node.nodeType !== 1) return false;
    if (node.isContentEditable || /^(textbox|searchbox|combobox|spinbutton)$/.test(node.getAttribute('role'))) return true;
    const tag = node.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag === 'INPUT') {
      const t = (node.getAttribute('type') || 'text').toLowerCase();
      return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image', 'hidden'].includes(t);
    }
    return false;
  }

  let instances = 0;

  class DigestSearchElement extends HTMLElement {
    static get observedAttributes() {
      return ['src', 'lazy', 'limit', 'placeholder', 'label', 'sync-url', 'popup', ...SWITCHES, ...Object.keys(DEFAULT_LABELS).filter((k) => k.startsWith('label-'))];
    }

    constructor() {
      super();
      this._uid = `ds${++instances}`;
      this._index = null;
      this._info = null;
      this._state = 'idle'; // idle (nothing to load: waits for `index`) | loading | ready | error
      this._error = null;
      this._loadToken = 0;
      // Searches started so far: a lazy index answers later, and only the latest is shown.
      this._runSeq = 0;
      // A lazy index's search on its way, and the search asked for meanwhile (the latest only).
      this._searching = null;
      this._searchAgain = null;
      this._results = []; // displayed results, in display order (the engine's order)
      this._total = 0;
      this._shown = 0; // how many results were requested for the current query
      this._query = '';
      this._active = -1;
      this._closed = false; // Escape closed the list; typing opens it again
      this._failed = false; // the last search's Error, when it failed (shown instead of "No results")
      this._announceTimer = 0;
      this._urlTimer = 0;
      this._connected = false;
      // Filters and sort (see docs/api.md): tags all must match (tagMode "all"), one year.
      this._tags = [];
      this._year = null; // "2024" or null
      this._sort = 'relevance'; // the visitor's choice
      this._baseFacets = null; // facets over the whole index, for the idle box

      const root = this.attachShadow({ mode: 'open' });
      adoptStyles(root);
      this._build(root);

      this._onInput = this._onInput.bind(this);
      this._onKeyDown = this._onKeyDown.bind(this);
      this._onDocKeyDown = this._onDocKeyDown.bind(this);
      this._onPopState = this._onPopState.bind(this);
      this._onListClick = this._onListClick.bind(this);
      this._input.addEventListener('input', this._onInput);
      this._input.addEventListener('keydown', this._onKeyDown);
      // While an input method composes a word, its own candidates are being read out: the count
      // waits until the word is committed.
      this._input.addEventListener('compositionstart', () => { this._composing = true; });
      this._input.addEventListener('compositionend', () => {
        this._composing = false;
        if (this._held) this._announce(...this._held);
      });
      this._list.addEventListener('click', this._onListClick);
      // Keep DOM focus in the box when clicking an option (the combobox pattern); cancelling
      // mousedown does not cancel the click, so links still navigate.
      this._list.addEventListener('mousedown', (e) => {
        if (e.button === 0) e.preventDefault();
      });
      this._clear.addEventListener('click', () => {
        this._setQuery('', { syncUrl: true });
        this._input.focus();
      });
      this._facetsEl.addEventListener('click', (e) => {
        const chip = e.target instanceof Element ? e.target.closest('button[data-kind]') : null;
        if (!chip || !this._facetsEl.contains(chip)) return;
        const key = chip.getAttribute('data-key') || '';
        if (chip.getAttribute('data-kind') === 'year') this._toggleYear(key);
        else this._toggleTag(key);
      });
      // Each row of chips is one Tab stop (a toolbar): the arrow keys, Home and End move
      // between its buttons, and Tab comes back to the one focused last (until the row is
      // drawn again: then to the pressed one, or the first).
      this._facetsEl.addEventListener('focusin', (e) => {
        if (e.target instanceof Element && e.target.matches('button')) this._rove(e.target.parentElement, e.target);
      });
      this._facetsEl.addEventListener('keydown', (e) => {
        const b = e.target instanceof Element ? e.target.closest('button') : null;
        // ← and → go the way the row runs: mirrored right to left.
        const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key] * (/Left|Right/.test(e.key) && rtl(b) ? -1 : 1);
        if (!b || (!step && e.key !== 'Home' && e.key !== 'End') || e.altKey || e.ctrlKey || e.metaKey) return;
        const row = [...b.parentElement.querySelectorAll('button')];
        const i = row.indexOf(b);
        const next = e.key === 'Home' ? row[0] : e.key === 'End' ? row[row.length - 1] : row[(i + step + row.length) % row.length];
        e.preventDefault();
        next.focus();
      });
      this._clearFilters.addEventListener('click', (e) => {
        this._setFilters({ tags: [], year: null });
        // Not after a tap: the focus in the box would open a phone's keyboard over the results.
        if (e.pointerType !== 'touch') this._input.focus();
      });
      this._sortSelect.addEventListener('change', () => this._setSort(this._sortSelect.value));
      this._more.addEventListener('click', () => {
        this._shown += this._limit();
        this._run({ keepActive: true });
        if (this._more.hidden) this._input.focus(); // don't drop focus on <body>
      });
    }

    _build(root) {
      const id = this._uid;
      this._input = el('input', {
        id: `${id}-input`,
        type: 'search',
        role: 'combobox',
        autocomplete: 'off',
        autocapitalize: 'off',
        autocorrect: 'off',
        spellcheck: 'false',
        enterkeyhint: 'search',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': `${id}-list`,
        part: 'input',
      });
      this._kbd = el('span', { className: 'kbd', part: 'shortcut', 'aria-hidden': 'true', text: '/' });
      this._clear = el('button', { type: 'button', className: 'clear', part: 'clear' },
        [svgIcon('', ['M6 6l12 12', 'M18 6L6 18'])]);
      this._box = el('div', { className: 'box', part: 'box' }, [
        svgIcon('icon', ['M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z', 'M15.5 15.5L20 20']),
        this._input,
        this._kbd,
        this._clear,
      ]);
      // Its text (labels, counts, reasons) in its own direction, as the result's texts are
      // (English labels on a right-to-left page read `2 results`), but placed as the page's
      // (component.css).
      this._status = el('div', { className: 'status', part: 'status', 'aria-hidden': 'true', dir: 'auto' });
      this._clearFilters = el('button', { type: 'button', className: 'clear-filters', part: 'clear-filters', hidden: true });
      this._sortSelect = el('select', { id: `${id}-sort`, part: 'sort-select' });
      for (const v of SORTS) this._sortSelect.appendChild(el('option', { value: v }));
      this._sortLabel = el('label', { for: `${id}-sort` });
      this._sortEl = el('div', { className: 'sort', part: 'sort', hidden: true }, [this._sortLabel, this._sortSelect]);
      this._bar = el('div', { className: 'bar' }, [this._status, this._clearFilters, this._sortEl]);
      // The chips speak for themselves: the rows' names are for screen readers only.
      this._tagChips = el('div', { className: 'chips', role: 'toolbar', part: 'facet-tags', hidden: true });
      this._yearChips = el('div', { className: 'years', role: 'toolbar', part: 'facet-years', hidden: true });
      this._facetsEl = el('div', { className: 'facets', part: 'facets', hidden: true }, [this._tagChips, this._yearChips]);
      this._live = el('div', { className: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      this._empty = el('div', { className: 'empty', part: 'empty', hidden: true });
      this._list = el('div', { id: `${id}-list`, role: 'listbox', part: 'results', hidden: true });
      this._more = el('button', { type: 'button', className: 'more', part: 'more', hidden: true });
      // Everything under the box, in one panel: with `popup`, a pop-up over the page.
      this._panel = el('div', { className: 'panel', part: 'panel' }, [this._facetsEl, this._bar, this._empty, this._list, this._more]);
      // A pop-up closes when the focus leaves the element: a press inside it keeps the focus in
      // the box (Safari does not focus a pressed button or link), but for the sort menu.
      this._panel.addEventListener('mousedown', (e) => {
        if (this.hasAttribute('popup') && !(e.target instanceof Element && e.target.closest('select'))) e.preventDefault();
      });
      root.appendChild(el('div', { className: 'wrap', part: 'container' }, [this._box, this._live, this._panel]));
      // Shown again each time the focus comes in from outside: last in the top layer, above a
      // modal dialog opened since. (Moves within the shadow root do not reach the host.)
      this.addEventListener('focusin', () => this._pop());
      this._applyLabels();
    }

    // ---- attributes & labels -------------------------------------------------------------

    _label(name, vars) {
      const raw = this.getAttribute(name);
      let s = raw !== null ? raw : DEFAULT_LABELS[name];
      if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
      return s;
    }

    _limit() {
      const n = parseInt(this.getAttribute('limit'), 10);
      return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
    }

    _applyLabels() {
      this._input.placeholder = this._label('placeholder');
      this._input.setAttribute('aria-label', this._label('label'));
      this._list.setAttribute('aria-label', this._label('label-results-list'));
      this._clear.setAttribute('aria-label', this._label('label-clear'));
      this._clear.title = this._label('label-clear');
      this._more.textContent = this._label('label-more');
      this._tagChips.setAttribute('aria-label', this._label('label-filters'));
      this._yearChips.setAttribute('aria-label', this._label('label-years'));
      this._clearFilters.textContent = this._label('label-clear-filters');
      this._sortLabel.textContent = this._label('label-sort');
      for (const o of this._sortSelect.options) o.textContent = this._label(`label-${o.value}`);
    }

    _on(name) { return !this.hasAttribute(name); }

    // popup, where the browser anchors in CSS: the panel is a manual popover, in the top layer
    // (placed by component.css, and hidden there while closed); otherwise, or without popup, not.
    // (A DOM with no CSS namespace, jsdom's as Vitest and Jest run a site's tests, has no anchors.)
    _pop() {
      const p = this._panel;
      p.popover = this.hasAttribute('popup') && globalThis.CSS?.supports('position-area:top') ? 'manual' : null;
      if (p.popover && this.isConnected) {
        p.hidePopover();
        p.showPopover();
      }
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue) return;
      if (name === 'src' || name === 'lazy') {
        if (this._connected) this._startLoad();
        return;
      }
      if (name === 'popup') return this._pop();
      if (name === 'sync-url') {
        if (this._connected) this._bindUrl(newValue !== null);
        return;
      }
      this._applyLabels();
      if (name === 'limit') this._shown = 0;
      if (this._state === 'ready') this._run({ keepActive: name !== 'limit' });
      else this._renderStatus();
    }

    connectedCallback() {
      this._connected = true;
      document.addEventListener('keydown', this._onDocKeyDown);
      // The facet rows fit their width (chips dropped, years scrolled): fit them again when it changes.
      if (typeof ResizeObserver === 'function' && !this._resized) {
        let width = -1;
        this._resized = new ResizeObserver(([entry]) => {
          const w = Math.round(entry.contentRect.width);
          // In the next frame: re-rendering here would resize the element within the observer's
          // own pass (a "ResizeObserver loop" error).
          if (width >= 0 && w !== width) requestAnimationFrame(() => this._facetsEl.hidden || this._renderFacets(this._facets, true));
          width = w;
        });
      }
      if (this._resized) this._resized.observe(this);
      // The "{n} entries" at ready needs the number formatter: made now, while the wasm arrives.
      whenIdle(() => this._num(0));
      if (this.hasAttribute('sync-url')) this._bindUrl(true);
      if (this._state === 'idle' || (this._state === 'error' && !this._index)) this._startLoad();
      else this._renderStatus();
      // Properties set before the element was defined (its script loaded late) shadow the
      // setters: set them again through them, last (a bad one throws with the rest set up).
      for (const p of ['index', 'filters', 'sort', 'value']) {
        if (this.hasOwnProperty(p)) {
          const v = this[p];
          delete this[p];
          this[p] = v;
        }
      }
    }

    disconnectedCallback() {
      this._connected = false;
      document.removeEventListener('keydown', this._onDocKeyDown);
      if (this._resized) this._resized.disconnect();
      this._bindUrl(false);
      clearTimeout(this._announceTimer);
      this._flushUrl();
    }

    // ---- public API ----------------------------------------------------------------------

    /** The loaded index (see docs/api.md), or null before `digest-search:ready`. */
    get index() { return this._index; }

    /**
     * Use an index that is already loaded (e.g. `el.index = await DigestSearch.load(bytes)`),
     * or any object with the same `search()`/`info()` shape. Cancels a pending load.
     */
    set index(index) {
      if (!index || typeof index.search !== 'function') throw new TypeError('digest-search: index must have a search() method');
      this._loadToken++;
      if (index !== this._own) this._free();
      this._adopt(index);
    }

    /** The current query text. Setting it runs the search. */
    get value() { return this._input.value; }
    set value(v) { this._setQuery(v == null ? '' : String(v), { syncUrl: true }); }

    /** Displayed results, in display order (the engine's order; trailing partial matches grouped). */
    get results() { return this._results.slice(); }

    /** The active filters: `{ tags: [...], year: "2024" | null }` (tags must all match). */
    get filters() { return { tags: this._tags.slice(), year: this._year }; }
    set filters(f) {
      const v = f && typeof f === 'object' ? f : {};
      this._setFilters({ tags: v.tags || [], year: v.year == null ? null : String(v.year) });
    }

    /** The result order: "relevance" (the default), "newest" or "oldest". */
    get sort() { return this._sort; }
    set sort(v) { this._setSort(v); }

    // A new order opens the list again (as new filters do), even after Escape closed it.
    _setSort(v) {
      this._sort = SORTS.includes(v) ? v : 'relevance';
      this._shown = 0;
      this._closed = false;
      this._run({});
      this._scheduleUrl(true);
    }

    focus(options) { this._input.focus(options); }

    // ---- loading -------------------------------------------------------------------------

    _startLoad() {
      const token = ++this._loadToken;
      const src = this.getAttribute('src');
      this._free();
      this._index = null;
      this._info = null;
      this._error = null;
      this._lock(false);
      // The results of the index let go (`src` changed or removed) go with it.
      this._setResults([], 0);
      // Without `src`, the bundle's own index (loader.js, `__dsOwnSource`). The npm package's
      // loader has none: there an element without `src` is one the page gives an index to
      // (`el.index = await load(url)`, its README's example), so it waits, neutral and quiet,
      // rather than report a failure before the page had a chance to.
      let source = null;
      let promise = null;
      try {
        source = src || __dsOwnSource();
      } catch (err) {
        promise = Promise.reject(err);
      }
      this._state = source || promise ? 'loading' : 'idle';
      this._renderFacets(null);
      this._renderStatus();
      if (!source && !promise) return;
      try {
        // Each element calls load() itself: every index gets its own wasm instance.
        // `lazy`: fetch the file in byte ranges as searches need them (docs/api.md).
        const options = this.hasAttribute('lazy') ? { lazy: true } : undefined;
        promise = promise || Promise.resolve(load(source, options));
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then((index) => {
        // A load overtaken by another (`src` changed again meanwhile) is freed at once.
        if (token !== this._loadToken) return index?.free();
        if (!index || typeof index.search !== 'function') throw new TypeError('digest-search: load() did not return an index');
        this._adopt((this._own = index));
      }).catch((err) => {
        if (token !== this._loadToken) return;
        this._fail(err);
      });
    }

    // The index the element loaded from `src` (not one the page gave it) is freed when another
    // takes its place: its wasm instance and memory go now, not at some garbage collection. A
    // search of it still on its way (a lazy index's) then fails, unseen: only the current
    // index's answers are shown (the loader's `free()`: "this index was freed").
    _free() {
      this._own?.free();
      this._own = null;
    }

    _adopt(index) {
      this._index = index;
      try { this._info = typeof index.info === 'function' ? index.info() : null; } catch (_) { this._info = null; }
      this._probe(index);
      this._state = 'ready';
      this._error = null;
      this._lock(false);
      this._shown = 0;
      this._run({});
      this.dispatchEvent(new CustomEvent('digest-search:ready', {
        bubbles: true, composed: true, detail: { index, info: this._info },
      }));
    }

    // Without an index the box takes no text, but stays focusable (a disabled input would drop
    // the focus of a reader who typed while it loaded onto the page's body).
    _lock(on) {
      this._input.readOnly = on;
      this._input.setAttribute('aria-disabled', on);
    }

    _fail(err) {
      this._state = 'error';
      this._error = err instanceof Error ? err : new Error(String(err));
      this._index = null;
      this._lock(true);
      this._setResults([], 0);
      this._renderFacets(null);
      this._renderStatus();
      this._announce(this._label('label-error', { message: this._error.message }), true);
      const ev = new CustomEvent('digest-search:error', {
        bubbles: true, composed: true, cancelable: true, detail: { error: this._error },
      });
      if (this.dispatchEvent(ev)) console.error('digest-search:', this._error);
    }

    // An empty query sorted by date lists the whole index: its facets tell whether the index
    // has tags and dates at all, and fill the facet rows before anything is typed.
    _probe(index) {
      this._baseFacets = null;
      let out = null;
      try { out = index.search('', { limit: 1, facets: true, sort: 'newest' }); } catch (_) { out = null; }
      const later = isPending(out);
      withAnswer(out, (o) => {
        if (this._index !== index) return;
        this._probed(index, o, later);
        // A lazy index answers after the element is ready: the facet rows appear then.
        if (later && this._state === 'ready' && !this._isActive()) this._renderFacets(this._baseFacets);
      });
    }

    _probed(index, out, lazy) {
      // A lazy index's first search waits for the network, not for compiled code: a warm-up
      // would only fetch bytes, and delay the reader's first search behind it.
      if (!lazy) this._warmUp(index, out);
      // Dated entries: the date formatter is made before the first results show.
      const newest = out && out.results && out.results[0];
      if (newest && newest.date) whenIdle(() => formatDate(newest.date, this._locale()));
      const f = out && out.facets && typeof out.facets === 'object' ? out.facets : null;
      if (!f) return;
      const tags = countPairs(f.tags);
      const years = countPairs(f.years);
      const total = this._info && Number.isFinite(this._info.entries) ? this._info.entries
        : (out && Number.isFinite(out.total) ? out.total : 0);
      if (tags.length || years.length) this._baseFacets = { tags, years, total };
    }

    /**
     * Once the page is idle, runs one throwaway search for a word of the newest entry's title,
     * typed with a typo, as a prefix: the engine compiles wasm functions on their first call, so
     * this moves that one-time cost off the reader's first keystrokes. Also once the reader has
     * started typing: a first letter may have matched nothing (compiling little of what a match
     * needs), and the pause before their next key is idle time.
     */
    _warmUp(index, probe) {
      const title = probe && probe.results && probe.results[0] && probe.results[0].title;
      const word = typeof title === 'string' ? (title.match(/[A-Za-z]{5,}/) || [])[0] : null;
      if (!word) return;
      const run = () => {
        if (this._index !== index) return;
        try {
          withAnswer(index.search(word.slice(0, 2) + word[3] + word[2] + word.slice(4) + ' ' + word.slice(0, 3), { limit: 10 }), () => {});
        } catch (_) { /* only a warm-up */ }
      };
      whenIdle(run);
    }

    // ---- searching -----------------------------------------------------------------------

    _onInput() {
      this._query = this._input.value;
      this._shown = 0;
      this._closed = false;
      this._hasValue(this._query);
      this._run({});
      this._scheduleUrl();
    }

    // A query runs in its own direction (Hebrew or Arabic right to left), but an empty box keeps
    // the page's, so that its placeholder sits where the page's text does.
    _hasValue(q) {
      this._box.classList.toggle('has-value', q !== '');
      this._input.dir = q ? 'auto' : '';
    }

    _setQuery(q, { syncUrl }) {
      this._input.value = q;
      this._query = q;
      this._shown = 0;
      this._closed = false;
      this._hasValue(q);
      this._run({});
      if (syncUrl) this._scheduleUrl();
    }

    // Filters apply only while their facet rows can show them (and so remove them).
    _filtersOn() { return this._on('no-facets'); }
    _activeTags() { return this._filtersOn() ? this._tags : []; }
    _activeYear() { return this._filtersOn() ? this._year : null; }
    _hasFilters() { return this._activeTags().length > 0 || this._activeYear() !== null; }
    // Something to show: a query, or filters alone (browsing, newest first).
    _isActive() { return this._query.trim() !== '' || this._hasFilters(); }
    _browsing() { return this._query.trim() === '' && this._hasFilters(); }

    _effectiveSort() {
      if (!this._on('no-sort')) return 'relevance';
      // Browsing has no relevance: the engine lists the newest first.
      if (this._browsing() && this._sort === 'relevance') return 'newest';
      return this._sort;
    }

    _options(limit, { year = true } = {}) {
      const o = { limit, offset: 0 };
      if (this._filtersOn()) o.facets = true;
      const tags = this._activeTags();
      if (tags.length) {
        o.tags = tags.slice();
        o.tagMode = 'all';
      }
      const y = this._activeYear();
      if (y && year) {
        o.after = y;
        o.before = y;
      }
      const sort = this._effectiveSort();
      if (sort !== 'relevance') o.sort = sort;
      return o;
    }

    _run({ keepActive }) {
      const q = this._query;
      if (this._state !== 'ready' || !this._index) {
        this._renderFacets(null);
        this._renderStatus();
        if (this._state === 'loading' && this._isActive()) this._announce(this._label('label-loading'));
        return;
      }
      if (!this._isActive()) {
        // An answer still on its way is for a query no longer there.
        this._runSeq++;
        this._failed = false;
        this._searchAgain = null;
        this._shown = 0;
        this._setResults([], 0);
        this._renderFacets(this._baseFacets);
        this._renderStatus();
        this._announce('');
        return;
      }
      if (!this._shown) this._shown = this._limit();
      const index = this._index;
      // A lazy index answers one search at a time, each after fetching what it reads: while one
      // is on its way, only the latest query waits to run after it. (A search per keystroke
      // would each fetch its own words, and the one typed last would be answered last.)
      if (this._searching === index) {
        this._searchAgain = { keepActive };
        return;
      }
      const query = q.trim() ? q : '';
      const seq = ++this._runSeq;
      let out;
      try {
        out = index.search(query, this._options(Math.min(this._shown, MAX_LIMIT)));
      } catch (err) {
        this._searchFailed(err);
        return;
      }
      // Only the latest search's answer is shown (a lazy index answers later): the one on its
      // way is, while the query typed since waits for it, and is run next.
      const latest = () => seq === this._runSeq && index === this._index;
      withAnswer(out, (o) => latest() && this._show(query, o, keepActive, seq), (err) => latest() && this._searchFailed(err));
      if (isPending(out)) {
        this._searching = index;
        // A lazy index fetching what a search reads: the list on screen is for an older query
        // (dimmed after a moment by the style sheet, and aria-busy for screen readers).
        this._busy(true);
        const next = () => {
          if (this._searching !== index) return;
          this._searching = null;
          const again = this._searchAgain;
          this._searchAgain = null;
          if (again) this._run(again);
          if (this._searching !== index) this._busy(false);
        };
        out.then(next, next);
      }
    }

    _busy(on) {
      this.toggleAttribute('data-searching', on);
      if (on) this._list.setAttribute('aria-busy', 'true');
      else this._list.removeAttribute('aria-busy');
    }

    // A search that failed (a lazy index whose range request failed, a query the engine
    // rejects): show nothing rather than a stale list, and say so rather than "No results".
    _searchFailed(err) {
      this._failed = err instanceof Error ? err : new Error(String(err));
      this._setResults([], 0);
      this._renderFacets(null);
      this._renderStatus();
      this._announce(this._label('label-search-failed'), true);
      console.error('digest-search: search failed:', err);
    }

    _show(query, out, keepActive, seq) {
      this._failed = false;
      // The messages name the query answered: a lazy index answers one typed before the text now
      // in the box, whose own search waits to run next.
      this._answered = query.trim();
      const results = out && Array.isArray(out.results) ? out.results : [];
      const total = out && Number.isFinite(out.total) ? out.total : results.length;
      const prevId = keepActive && this._active >= 0 && this._results[this._active] ? this._results[this._active].id : undefined;
      this._setResults(results, total);
      if (prevId !== undefined) {
        const i = this._results.findIndex((r) => r.id === prevId);
        if (i >= 0) this._setActive(i, false);
      }
      this._renderFacets(this._facetsOf(query, out, total, seq));
      this._renderStatus();
      // A newer query waits: its own answer is announced, not this one.
      // A new answer (another query, other results) is said even with as many results as the
      // last; the same one again (a space typed, a label changed) is not.
      const answer = `${this._answered}\n${this._results.map((r) => r.id).join('\n')}`;
      if (!this._searchAgain) this._announce(this._countText(), false, answer !== this._saidAnswer);
      this._saidAnswer = answer;
    }

    // The query answered, as the messages echo it: a pasted page is cut to 80 characters.
    _echo() {
      const q = [...(this._answered ?? this._query.trim())];
      return q.length > 80 ? `${q.slice(0, 80).join('')}…` : q.join('');
    }

    // The facet rows for a response: its tag counts (drill-down: every tag narrows further), and
    // the year counts without the year filter, so another year can be picked in one click.
    _facetsOf(query, out, total, seq) {
      if (!this._filtersOn()) return null;
      const f = out && out.facets && typeof out.facets === 'object' ? out.facets : null;
      const facets = { tags: countPairs(f && f.tags), years: countPairs(f && f.years), total };
      if (this._activeYear() !== null) {
        if (!query && !this._activeTags().length) {
          facets.years = this._baseFacets ? this._baseFacets.years : [];
        } else {
          const years = (y) => {
            const yf = y && y.facets && typeof y.facets === 'object' ? y.facets : null;
            facets.years = countPairs(yf && yf.years);
          };
          try {
            const y = this._index.search(query, this._options(0, { year: false }));
            if (isPending(y)) {
              // A lazy index: the year counts follow when they arrive.
              y.then((a) => {
                if (seq !== this._runSeq) return;
                years(a);
                this._renderFacets(facets);
              }, () => {});
            } else {
              years(y);
            }
          } catch (_) { /* keep the drill-down counts */ }
        }
      }
      return facets;
    }

    _countText() {
      if (!this._isActive() || this._state !== 'ready') return '';
      if (this._total === 0) {
        if (this._firstLetter()) return '';
        return this._echo() ? this._label('label-no-results', { q: this._echo() }) : this._label('label-no-matches');
      }
      return this._label(this._total === 1 ? 'label-results-one' : 'label-results', { n: this._num(this._total) });
    }

    _setResults(results, total) {
      // The engine's order is kept: partial matches may rank among full ones (soft AND). Only
      // the trailing run of partial matches goes under the "Partial matches" heading; a partial
      // match ranked higher stays in place, marked with `data-partial`.
      const items = results.filter((r) => r && typeof r === 'object');
      let cut = items.length;
      while (cut > 0 && items[cut - 1].partial) cut--;
      const full = items.slice(0, cut);
      const partial = items.slice(cut);
      this._results = full.concat(partial);
      this._total = total;
      this._active = -1;
      this._input.removeAttribute('aria-activedescendant');

      // An option shown at the last keystroke and built the same again (most of them while a
      // word is typed on: the same entry, highlights and snippet) keeps its node, in place when
      // it can: only what changed is styled and laid out anew (bench/widget-timing.mjs). Groups
      // are kept by their heading. Nodes are told apart by their markup, serialized (nothing is
      // parsed).
      const old = this._nodes || new Map();
      const nodes = (this._nodes = new Map());
      const keep = (node, key = new XMLSerializer().serializeToString(node)) => {
        node = old.get(key) || node;
        old.delete(key);
        nodes.set(key, node);
        return node;
      };
      let i = 0;
      const option = (r) => {
        const opt = keep(this._renderResult(r));
        opt.id = `${this._uid}-opt-${i}`;
        opt.setAttribute('aria-selected', 'false');
        opt.setAttribute('data-index', i++);
        return opt;
      };
      const kids = [];
      const addGroup = (items, heading) => {
        if (!items.length) return;
        // The full matches' group is not named: the list's name would be said twice.
        const group = keep(el('div', { role: 'group', className: heading ? 'group partial' : 'group', 'aria-label': heading }, [
          heading && el('div', { className: 'group-heading', 'aria-hidden': 'true', part: 'group-heading', text: heading }),
        ]));
        place(group, (heading ? [group.firstChild] : []).concat(items.map(option)));
        kids.push(group);
      };
      if (partial.length && full.length) {
        addGroup(full, null);
        addGroup(partial, this._label('label-partial'));
      } else if (partial.length) {
        addGroup(partial, this._label('label-partial'));
      } else {
        // No grouping needed: options directly in the listbox.
        kids.push(...full.map(option));
      }
      place(this._list, kids);
      this._showList();

      // One character matches nothing (words match from two letters on): that is no reason to
      // say "no results" at the first keystroke of every search.
      const noResults = this._state === 'ready' && this._isActive() && this._total === 0 && !this._results.length
        && !this._firstLetter() && !this._failed;
      this._empty.hidden = !noResults;
      if (noResults) {
        const q = this._echo();
        // Each line in its own direction (`No results for “kafkaa”` keeps its closing quote at
        // its end on a right-to-left page), centred either way.
        this._empty.replaceChildren(
          el('strong', { dir: 'auto', text: q ? this._label('label-no-results', { q }) : this._label('label-no-matches') }),
          el('span', { dir: 'auto', text: this._label(this._hasFilters() ? 'label-no-matches-hint' : 'label-no-results-hint') }),
        );
      }
      this._renderSort();
    }

    // Shows the list (unless Escape closed it since the query last changed) and its "more" button.
    _showList() {
      const open = this._results.length > 0 && !this._closed;
      this._list.hidden = !open;
      this._input.setAttribute('aria-expanded', open ? 'true' : 'false');
      this._more.hidden = !(open && this._total > this._results.length && this._shown < MAX_LIMIT);
      this._panel.classList.toggle('closed', this._closed);
    }

    // A query of one character and no filter: the reader has only begun to type.
    _firstLetter() {
      return !this._hasFilters() && [...this._query.trim()].length === 1;
    }

    // One option, without its place in the list (id, data-index) and its selection: _setResults
    // sets them.
    _renderResult(r) {
      // With a safe URL the whole option is the link (<a role="option"> is allowed by ARIA in
      // HTML), so there is no interactive element nested in an option, and middle-click,
      // "open in new tab" and the status-bar preview all work. Without one, a plain <div>.
      const href = safeHref(r.url);
      const opt = href
        ? el('a', { href, tabindex: '-1' })
        : el('div');
      opt.setAttribute('role', 'option');
      opt.setAttribute('part', 'result');
      if (r.partial) opt.setAttribute('data-partial', '');

      // Each text takes its direction from its own letters (`dirOf`), so an entry in Hebrew or
      // Arabic reads right to left among entries in English. (The option's
      // accessible name stays its whole text: naming it by its title alone would break WCAG's
      // "label in name" for speech input.)
      const title = el('div', { className: href ? 'title linked' : 'title', part: 'result-title', dir: dirOf(r.title) });
      appendHighlighted(title, r.title, r.titleHighlights);
      // A partial match ranked among full ones says so after its title (component.css).
      if (r.partial) title.setAttribute('data-partial', this._label('label-partial-one'));
      opt.appendChild(title);

      const metaParts = [];
      const host = href ? hostOf(href) : '';
      if (host) metaParts.push(el('span', { text: host }));
      const date = typeof r.date === 'string' && r.date ? r.date : null;
      if (date && this._on('no-dates')) {
        const time = el('time', { dir: 'auto', text: formatDate(date, this._locale()) });
        // Only a valid date string may go into datetime; anything else stays plain text.
        if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) time.setAttribute('datetime', date);
        metaParts.push(el('span', { className: 'date' }, [time]));
      }
      const authors = Array.isArray(r.authors) ? r.authors.filter((a) => typeof a === 'string' && a) : [];
      if (authors.length) {
        const text = authors.length <= 2 ? authors.join(', ') : `${authors[0]} ${this._label('label-et-al')}`;
        // In its own direction: `Turing, A.` keeps its full stop at its end on a right-to-left
        // page (the span's own direction is the page's, for the dot before it).
        const span = el('span', null, [el('bdi', { text })]);
        if (authors.length > 2) span.title = authors.join(', ');
        metaParts.push(span);
      }
      const tags = this._on('no-tags') && Array.isArray(r.tags) ? r.tags.filter((t) => typeof t === 'string' && t) : [];
      if (tags.length) {
        const active = this._activeTags();
        const box = el('span', { className: 'tags', part: 'result-tags' });
        // Filtered-on tags first, so the reason a result is listed is always visible.
        const shown = tags.filter((t) => active.some((a) => sameTag(a, t)))
          .concat(tags.filter((t) => !active.some((a) => sameTag(a, t))))
          .slice(0, tags.length > MAX_RESULT_TAGS + 1 ? MAX_RESULT_TAGS : MAX_RESULT_TAGS + 1);
        for (const t of shown) {
          box.appendChild(el('span', { className: active.some((a) => sameTag(a, t)) ? 'tag on' : 'tag', part: 'result-tag', dir: 'auto', text: t }));
        }
        if (shown.length < tags.length) {
          const more = el('span', { className: 'tag more-tags', part: 'result-tag', dir: 'ltr', text: `+${tags.length - shown.length}` });
          more.title = tags.join(', ');
          box.appendChild(more);
        }
        metaParts.push(box);
      }
      if (metaParts.length) opt.appendChild(el('div', { className: 'meta', part: 'result-meta' }, metaParts));
      const snippet = r.snippet && typeof r.snippet === 'object' ? r.snippet : null;
      if (snippet && typeof snippet.text === 'string' && snippet.text) {
        const p = el('div', { className: 'snippet', part: 'result-snippet', dir: dirOf(snippet.text) });
        appendHighlighted(p, snippet.text, snippet.highlights);
        opt.appendChild(p);
      }
      return opt;
    }

    _renderStatus() {
      const s = this._status;
      s.classList.remove('error');
      if (this._state === 'loading') {
        s.textContent = this._label('label-loading');
      } else if (this._state === 'error') {
        s.classList.add('error');
        const message = this._error ? this._error.message : '';
        const custom = this.getAttribute('label-error');
        s.replaceChildren(document.createTextNode(this._label('label-error', { message })));
        // The default label has no {message}: show the technical reason on a second, muted line.
        if (message && !(custom && custom.includes('{message}'))) s.appendChild(el('span', { className: 'detail', text: message }));
      } else if (this._state === 'ready') {
        if (this._failed && this._isActive()) {
          s.classList.add('error');
          // With the reason on a second line, as for a failed load: some say what to do
          // (`… changed on the server (a new build?): reload the page`).
          s.replaceChildren(this._label('label-search-failed'), el('span', { className: 'detail', text: this._failed.message }));
        } else if (this._isActive() && !(this._total === 0 && this._firstLetter())) {
          s.textContent = this._label(this._total === 1 ? 'label-results-one' : 'label-results', { n: this._num(this._total) });
        } else {
          const n = this._info && Number.isFinite(this._info.entries) ? this._info.entries : null;
          s.textContent = n === null ? '' : this._label('label-ready', { n: this._num(n) });
        }
      } else {
        s.textContent = '';
      }
      this.toggleAttribute('data-loading', this._state === 'loading');
      this.setAttribute('data-total', String(this._isActive() && this._state === 'ready' ? this._total : 0));
      this._clearFilters.hidden = !(this._state === 'ready' && this._hasFilters());
    }

    // A count in the page's language, as dates are (what `n.toLocaleString(lang)` gives, through
    // one formatter per language: toLocaleString makes a formatter at each call).
    _num(n) {
      const locale = this._locale();
      let fmt = numFormats.get(locale);
      if (!fmt) {
        try { fmt = new Intl.NumberFormat(locale || undefined); } catch (_) { fmt = new Intl.NumberFormat(); }
        numFormats.set(locale, fmt);
      }
      return fmt.format(n);
    }

    // The page's language where the element sits, also inside another component's shadow root.
    _locale() {
      for (let n = this; n; n = n.parentNode || n.host) {
        const lang = n.getAttribute && n.getAttribute('lang');
        if (lang) return lang;
      }
      return (typeof navigator !== 'undefined' ? navigator.language : '') || '';
    }

    // ---- facets & sort -------------------------------------------------------------------

    // Two rows: the active filters (removable) then the most frequent tags, as toggle chips;
    // and the years as a tiny histogram, each bar a toggle button.
    _renderFacets(facets, refit) {
      this._facets = facets;
      const on = this._filtersOn() && this._state === 'ready';
      // Re-rendering replaces the buttons: keep keyboard focus on the same one (or its place).
      const focused = this.shadowRoot ? this.shadowRoot.activeElement : null;
      const oldButtons = [...this._facetsEl.querySelectorAll('button')];
      const focusAt = focused ? oldButtons.indexOf(focused) : -1;
      const focusKey = focusAt >= 0 ? buttonKey(focused) : null;

      const chips = [];
      const bars = [];
      if (on) {
        const activeTags = this._activeTags();
        const year = this._activeYear();
        const f = facets || { tags: [], years: [], total: 0 };
        for (const t of activeTags) chips.push(this._chip('tag', t, 0, true));
        if (year !== null) chips.push(this._chip('year', year, 0, true));
        let n = 0;
        for (const [t, count] of f.tags) {
          if (n >= MAX_TAG_CHIPS) break;
          if (t.length > MAX_TAG_LEN || activeTags.some((a) => sameTag(a, t))) continue;
          if (count >= f.total) continue; // on every match: would not narrow anything
          chips.push(this._chip('tag', t, count, false));
          n++;
        }
        const years = f.years.filter(([y]) => /^\d{4}$/.test(y))
          .sort((a, b) => Number(b[0]) - Number(a[0]))
          .slice(0, MAX_YEAR_CHIPS);
        if (year !== null && !years.some(([y]) => y === year)) years.push([year, 0]);
        years.sort((a, b) => Number(a[0]) - Number(b[0])); // a timeline: oldest on the left
        const max = years.reduce((m, [, c]) => Math.max(m, c), 0);
        // One year only, and not chosen: nothing to pick between.
        if (years.length > 1 || year !== null) {
          for (const [y, count] of years) bars.push(this._yearBar(y, count, max, y === year));
        }
      }
      // Rows built the same as those shown (most keystrokes of a word typed on) stay as they
      // are: no buttons replaced, no fitting (which reads the layout), unless the width changed.
      const key = on + [...chips, ...bars].map((n) => new XMLSerializer().serializeToString(n)).join();
      if (key === this._facetKey && !refit) return;
      this._facetKey = key;
      this._tagChips.replaceChildren(...chips);
      this._yearChips.replaceChildren(...bars);
      this._tagChips.hidden = chips.length === 0;
      this._yearChips.hidden = bars.length === 0;
      this._facetsEl.hidden = !chips.length && !bars.length;
      this._fitChips();
      this._fitYears();
      this._rove(this._tagChips, null);
      this._rove(this._yearChips, null);

      if (focusKey !== null) {
        const buttons = [...this._facetsEl.querySelectorAll('button')];
        const next = buttons.find((b) => buttonKey(b) === focusKey) || buttons[Math.min(focusAt, buttons.length - 1)];
        if (next) next.focus();
        else this._input.focus();
      }
    }

    // One button of a row of chips can be reached with Tab: `current`, or else the one that was,
    // a pressed one, or the first.
    _rove(row, current) {
      const buttons = [...row.querySelectorAll('button')];
      const b = current || buttons.find((x) => x.tabIndex === 0 && x.hasAttribute('tabindex'))
        || buttons.find((x) => x.getAttribute('aria-pressed') === 'true') || buttons[0];
      for (const x of buttons) x.tabIndex = x === b ? 0 : -1;
    }

    // Narrow layouts scroll the years sideways: show the year picked, or else the newest (the
    // row ends with it), with a fade on the side where more years hide.
    _fitYears() {
      const row = this._yearChips;
      row.classList.remove('overflows-start', 'overflows');
      if (this._yearChips.hidden || typeof getComputedStyle !== 'function' || getComputedStyle(row).overflowX !== 'auto') return;
      const pressed = row.querySelector('[aria-pressed="true"]');
      if (pressed) {
        const r = row.getBoundingClientRect();
        const b = pressed.getBoundingClientRect();
        row.scrollLeft += b.left - r.left - (r.width - b.width) / 2;
      } else {
        // (Right to left, the row's end is at its left: scrollLeft runs from 0 to negative.)
        row.scrollLeft = rtl(row) ? -row.scrollWidth : row.scrollWidth;
      }
      const fade = () => {
        const at = Math.abs(row.scrollLeft);
        row.classList.toggle('overflows-start', at > 2);
        row.classList.toggle('overflows', at + row.clientWidth < row.scrollWidth - 2);
      };
      fade();
      if (!this._onYearScroll) {
        this._onYearScroll = fade;
        row.addEventListener('scroll', fade, { passive: true });
      }
    }

    // On wide layouts the chips wrap: drop suggestions from the end until they fit one line,
    // so the box never grows a wall of chips. (Narrow layouts scroll the row sideways.)
    _fitChips() {
      const row = this._tagChips;
      row.classList.remove('overflows');
      if (this._tagChips.hidden || typeof getComputedStyle !== 'function') return;
      // The active filters come first: show them. (Not on a hidden row: a scroll position is
      // set after a layout, which the browser would run at once.)
      row.scrollLeft = 0;
      if (getComputedStyle(row).flexWrap === 'nowrap') {
        const more = () => Math.abs(row.scrollLeft) + row.clientWidth < row.scrollWidth - 2;
        row.classList.toggle('overflows', more());
        if (!this._onChipScroll) {
          this._onChipScroll = () => row.classList.toggle('overflows', more());
          row.addEventListener('scroll', this._onChipScroll, { passive: true });
        }
        return;
      }
      const first = row.firstElementChild;
      if (!first || !first.getClientRects().length) return;
      for (let last = row.lastElementChild; last && last !== first; last = row.lastElementChild) {
        if (last.offsetTop <= first.offsetTop) break;
        if (last.getAttribute('aria-pressed') === 'true') break; // never hide an active filter
        last.remove();
      }
    }

    _chip(kind, key, count, pressed) {
      const chip = el('button', {
        type: 'button',
        className: 'chip',
        part: pressed ? 'facet facet-active' : 'facet',
        'aria-pressed': pressed ? 'true' : 'false',
        'data-kind': kind,
        'data-key': key,
        // An active filter's chip removes it, and says so (its year bar is named by the year).
        'aria-label': pressed && this._label('label-remove-filter', { name: key }),
      });
      chip.appendChild(el('span', { className: 'chip-name', dir: 'auto', text: key }));
      if (pressed) chip.appendChild(el('span', { className: 'chip-x', 'aria-hidden': 'true', text: '×' }));
      else {
        // The count, in words, is the chip's description; its figure is not part of its name.
        chip.appendChild(el('span', { className: 'chip-count', part: 'facet-count', 'aria-hidden': 'true', text: this._num(count) }));
        chip.title = this._label(count === 1 ? 'label-results-one' : 'label-results', { n: this._num(count) });
      }
      return chip;
    }

    _yearBar(year, count, max, pressed) {
      const countText = this._label(count === 1 ? 'label-results-one' : 'label-results', { n: this._num(count) });
      const button = el('button', {
        type: 'button',
        className: 'year',
        part: pressed ? 'facet-year facet-active' : 'facet-year',
        'aria-pressed': pressed ? 'true' : 'false',
        'data-kind': 'year',
        'data-key': year,
        title: count > 0 ? countText : '',
      });
      const bar = el('span', { className: 'year-bar', 'aria-hidden': 'true' });
      const pct = max > 0 && count > 0 ? Math.max(10, Math.round((100 * count) / max)) : 0;
      bar.style.setProperty('--h', `${pct}%`);
      // The bar's height is the count, which the title says in words (the button's description).
      button.append(bar, el('span', { className: 'year-label', part: 'facet-year-label', text: year }));
      return button;
    }

    _renderSort() {
      // Hidden while there is nothing to order, and when no result has a date (unless a date
      // order is on: the visitor must be able to switch back).
      const dated = this._results.some((r) => r && typeof r.date === 'string' && r.date);
      const show = this._state === 'ready' && this._results.length > 0 && this._on('no-sort')
        && (dated || this._sort !== 'relevance');
      this._sortEl.hidden = !show;
      if (!show) return;
      const browsing = this._browsing();
      const relevance = this._sortSelect.querySelector('option[value="relevance"]');
      if (relevance) relevance.disabled = browsing;
      this._sortSelect.value = this._effectiveSort();
    }

    _toggleTag(tag) {
      if (!tag) return;
      const tags = this._activeTags();
      const next = tags.some((t) => sameTag(t, tag)) ? tags.filter((t) => !sameTag(t, tag)) : tags.concat([tag]);
      this._setFilters({ tags: next, year: this._activeYear() });
    }

    _toggleYear(year) {
      if (!/^\d{4}$/.test(year)) return;
      this._setFilters({ tags: this._activeTags(), year: this._activeYear() === year ? null : year });
    }

    _setFilters({ tags, year }, { syncUrl = true } = {}) {
      this._tags = cleanTags(tags);
      this._year = typeof year === 'string' && /^\d{4}$/.test(year) ? year : null;
      this._shown = 0;
      this._closed = false;
      this._run({});
      if (syncUrl) this._scheduleUrl(true);
    }

    // Says `text` in the live region (after typing pauses, unless `now`), once: the same words
    // again are said only when `again` (a new answer with as many results, more of them shown),
    // by a no-break space after them that makes the region's text change. Held while an input
    // method composes (said when the word is committed).
    _announce(text, now, again) {
      clearTimeout(this._announceTimer);
      this._held = this._composing && !now ? [text, now, again] : null;
      if (this._held) return;
      const set = () => {
        const said = this._live.textContent;
        if (said.trim() !== text) this._live.textContent = text;
        else if (again && text) this._live.textContent = said === text ? text + '\u00a0' : text;
      };
      if (now || !text) set();
      else this._announceTimer = setTimeout(set, ANNOUNCE_DELAY_MS);
    }

    // ---- keyboard & selection ------------------------------------------------------------

    _setActive(i, scroll = true) {
      const prev = this._active >= 0 ? this._list.querySelector(`#${this._uid}-opt-${this._active}`) : null;
      if (prev) prev.setAttribute('aria-selected', 'false');
      this._active = i;
      if (i < 0) {
        this._input.removeAttribute('aria-activedescendant');
        return;
      }
      const opt = this._list.querySelector(`#${this._uid}-opt-${i}`);
      if (!opt) { this._active = -1; return; }
      opt.setAttribute('aria-selected', 'true');
      this._input.setAttribute('aria-activedescendant', opt.id);
      if (scroll && typeof opt.scrollIntoView === 'function') opt.scrollIntoView({ block: 'nearest' });
    }

    _onKeyDown(e) {
      if (e.isComposing || e.keyCode === 229) return;
      const n = this._results.length;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp': {
          if (!n || e.altKey || e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          if (this._closed) {
            // Escape closed the list: an arrow opens it again.
            this._closed = false;
            this._showList();
          }
          const step = e.key === 'ArrowDown' ? 1 : -1;
          let next = this._active + step;
          if (this._active < 0) next = step > 0 ? 0 : n - 1;
          else if (next >= n) next = 0;
          else if (next < 0) next = n - 1;
          this._setActive(next);
          break;
        }
        case 'Enter': {
          if (this._active < 0 || !this._results[this._active]) return;
          e.preventDefault();
          // Ctrl, Cmd or Shift: a new tab or window, as with a click on the link.
          this._select(this._active, { navigate: e.ctrlKey || e.metaKey || e.shiftKey ? 'new' : true });
          break;
        }
        case 'Escape': {
          // First Escape closes the list and keeps the query; the next one clears it.
          if (!this._list.hidden) {
            e.preventDefault();
            this._setActive(-1);
            this._closed = true;
            this._showList();
          } else if (this._input.value) {
            e.preventDefault();
            this._setQuery('', { syncUrl: true });
          }
          break;
        }
        default:
      }
    }

    _onDocKeyDown(e) {
      if (e.key !== '/' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (this._input.readOnly || !this.isConnected || !this._on('no-shortcut')) return;
      const path = typeof e.composedPath === 'function' ? e.composedPath() : [e.target];
      // The focus inside a custom element's closed shadow root shows as its host, with no path
      // into it: it may be an editor, which keeps its keys. (Custom elements the focus is only
      // inside, such as an app's root element, do not count.)
      const t = e.target;
      if (path.some(isEditable) || (t !== this && t.localName && t.localName.includes('-') && !t.shadowRoot)) return;
      // Skip hidden instances (display:none has no client rects).
      if (!this.getClientRects().length) return;
      // The first connected instance that can take the focus wins (behind a modal dialog a page
      // is inert: a widget in the dialog takes it); the others see defaultPrevented.
      this._input.focus();
      if (this.shadowRoot.activeElement !== this._input) return;
      e.preventDefault();
      this._input.select();
    }

    _onListClick(e) {
      const target = e.target instanceof Element ? e.target : null;
      const opt = target && target.closest('[role="option"]');
      if (!opt || !this._list.contains(opt)) return;
      const i = Number(opt.getAttribute('data-index'));
      if (!this._results[i]) return;
      this._setActive(i, false);
      // Links navigate by themselves (honouring modifier keys) unless a listener cancels.
      if (!this._select(i, { navigate: false })) e.preventDefault();
    }

    // Dispatches digest-search:select; returns false when a listener called preventDefault().
    _select(i, { navigate }) {
      const result = this._results[i];
      // The page may be left now: write the query into the URL first, so Back finds it.
      this._flushUrl();
      const ev = new CustomEvent('digest-search:select', {
        bubbles: true, composed: true, cancelable: true, detail: { result, index: i },
      });
      const allowed = this.dispatchEvent(ev);
      if (allowed && navigate) this._navigate(result, navigate === 'new');
      return allowed;
    }

    _navigate(result, elsewhere) {
      const href = result ? safeHref(result.url) : null;
      if (href && elsewhere) window.open(href, '_blank', 'noopener');
      else if (href) window.location.assign(href);
    }

    // ---- ?q= sync ------------------------------------------------------------------------

    _param() {
      const v = this.getAttribute('sync-url');
      return v && /^[\w.-]+$/.test(v) ? v : 'q';
    }

    _bindUrl(on) {
      window.removeEventListener('popstate', this._onPopState);
      this._urlBound = false;
      if (!on) return;
      window.addEventListener('popstate', this._onPopState);
      this._urlBound = true;
      this._readUrl();
    }

    // Filters live beside the query: ?q=…&tag=cs.LG&tag=cs.AI&year=2024&sort=newest (with
    // sync-url="s": s, s-tag, s-year, s-sort).
    _paramNames() {
      const q = this._param();
      const pre = q === 'q' ? '' : `${q}-`;
      return { q, tag: `${pre}tag`, year: `${pre}year`, sort: `${pre}sort` };
    }

    _readUrl() {
      const names = this._paramNames();
      let params;
      try { params = new URLSearchParams(window.location.search); } catch (_) { params = new URLSearchParams(); }
      const q = params.get(names.q) || '';
      const tags = cleanTags(params.getAll(names.tag));
      const rawYear = params.get(names.year);
      const year = rawYear && /^\d{4}$/.test(rawYear) ? rawYear : null;
      const rawSort = params.get(names.sort);
      const sort = rawSort && SORTS.includes(rawSort) ? rawSort : 'relevance';
      const same = q === this._input.value && year === this._year && sort === this._sort
        && tags.length === this._tags.length && tags.every((t, i) => t === this._tags[i]);
      if (same) return;
      this._tags = tags;
      this._year = year;
      this._sort = sort;
      this._setQuery(q, { syncUrl: false });
    }

    _onPopState() { this._readUrl(); }

    _scheduleUrl(now) {
      if (!this._urlBound) return;
      clearTimeout(this._urlTimer);
      this._urlPending = true;
      if (now) this._flushUrl();
      else this._urlTimer = setTimeout(() => this._flushUrl(), URL_SYNC_DELAY_MS);
    }

    _flushUrl() {
      clearTimeout(this._urlTimer);
      if (!this._urlPending) return;
      this._urlPending = false;
      try {
        const url = new URL(window.location.href);
        const names = this._paramNames();
        const q = this._input.value;
        if (q.trim()) url.searchParams.set(names.q, q);
        else url.searchParams.delete(names.q);
        // Parameters of parts the site switched off are left alone.
        if (this._filtersOn()) {
          url.searchParams.delete(names.tag);
          for (const t of this._tags) url.searchParams.append(names.tag, t);
          if (this._year) url.searchParams.set(names.year, this._year);
          else url.searchParams.delete(names.year);
        }
        if (this._on('no-sort')) {
          if (this._sort !== 'relevance') url.searchParams.set(names.sort, this._sort);
          else url.searchParams.delete(names.sort);
        }
        if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
      } catch (_) {
        // file:// pages and sandboxed frames may refuse history changes; the search still works.
      }
    }
  }

  return DigestSearchElement;
})();

if (typeof customElements !== 'undefined' && !customElements.get('digest-search')) {
  customElements.define('digest-search', DigestSearchElement);
}
