"""What a card side looks like once a browser engine has laid it out, measured by one script every engine runs.

``MEASURE`` is a JavaScript function: given the text to type into a typing card's answer box, it
measures the page in light mode, switches it to night mode (``nightMode night_mode`` on the body, as
Anki does) and measures it again. The phone tests run it in Chromium (AnkiDroid's engine) and
WebKit (AnkiMobile's), and ``dockdeck preview --engine webkit`` runs it to list what WebKit breaks.
"""

from __future__ import annotations

# Returns {light, night, breaks}: for each mode, how wide the page is, every visible run of text with
# its computed size, colour and effective background (the stack of backgrounds behind it, over the
# white canvas), every picture and every text box; and, once (the lines do not change with the
# colours), every line break that falls between two letters of one word.
#
# A word here is a run of Latin letters and digits or of Hangul syllables: a break after "/", "-",
# "." or "·", at a space, or between code and the Korean particle after it is not inside a word. Where
# each line ends is read from the line boxes of the text, one character at a time (a character on a
# new line starts below the one before it), so the check holds for any font and any line count. A
# word wider than the card on its own has to break somewhere; it is marked, not counted as broken.
MEASURE = r"""(typed) => {
  for (const input of document.querySelectorAll('input')) input.value = typed;
  const rgba = (s) => {
    const m = s.match(/rgba?\(([^)]*)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const measure = () => {
    const out = {scrollWidth: document.documentElement.scrollWidth, texts: [], images: [], inputs: []};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.data.trim() || el.closest('style, script')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const cs = getComputedStyle(el);
      if (!range.getClientRects().length || cs.visibility !== 'visible') continue;
      const bg = background(el);
      out.texts.push({text: n.data.trim().slice(0, 40), code: !!el.closest('code, pre'),
                      size: parseFloat(cs.fontSize), fg: over(rgba(cs.color), bg), bg: bg});
    }
    for (const input of document.querySelectorAll('input')) {
      const r = input.getBoundingClientRect();
      const cs = getComputedStyle(input);
      const bg = background(input);
      const size = parseFloat(cs.fontSize);
      out.inputs.push({left: r.left, right: r.right, width: r.width, height: r.height, size: size});
      // What is typed into the box is text to read like any other.
      out.texts.push({text: input.value.slice(0, 40), code: true, size: size, fg: over(rgba(cs.color), bg), bg: bg});
    }
    for (const img of document.images) {
      const r = img.getBoundingClientRect();
      out.images.push({src: img.getAttribute('src') || '', loaded: img.complete && img.naturalWidth > 0,
                       width: r.width, height: r.height, left: r.left, right: r.right});
    }
    return out;
  };
  const isInline = (el) => { const d = getComputedStyle(el).display; return d.startsWith('inline') || d === 'contents'; };
  const blockOf = (el) => { while (el !== document.body && isInline(el)) el = el.parentElement; return el; };
  // The width a word can have at most: its block's, or for a table cell the table's (a cell is as
  // narrow as the words in it let it be, so a cell's own width cannot excuse breaking them).
  const room = (block) => {
    let el = block;
    while (el !== document.body && /^table-|^table$/.test(getComputedStyle(el).display)) el = el.parentElement;
    const cs = getComputedStyle(el);
    return el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  };
  const brokenWords = () => {
    // Each block's text in reading order, and where each of its characters is; a newline stands
    // where nothing joins the text before to the text after (a line break element, a picture, a
    // text box, another block).
    const blocks = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let last = null;
    const cut = (b) => { if (b) { b.text.push('\n'); b.at.push(null); } };
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (!isInline(n) || /^(BR|IMG|INPUT|SVG|VIDEO|AUDIO|IFRAME|SELECT|TEXTAREA)$/i.test(n.tagName)) cut(last);
        continue;
      }
      const el = n.parentElement;
      if (el.closest('style, script') || getComputedStyle(el).visibility !== 'visible') continue;
      const block = blockOf(el);
      if (!blocks.has(block)) blocks.set(block, {text: [], at: []});
      const b = blocks.get(block);
      if (last && last !== b) cut(last);
      last = b;
      for (let i = 0; i < n.data.length; i++) { b.text.push(n.data[i]); b.at.push([n, i]); }
    }
    const range = document.createRange();
    const boxes = (start, end) => {  // the line boxes of characters start..end-1
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1] + 1);
      return Array.from(range.getClientRects()).filter(r => r.width > 0);
    };
    const found = [];
    for (const [block, b] of blocks) {
      const text = b.text.join('');
      for (const m of text.matchAll(/[A-Za-z0-9]{2,}|[\uAC00-\uD7A3]{2,}/g)) {
        const from = m.index, to = m.index + m[0].length - 1;
        const all = boxes(b.at[from], b.at[to]);
        if (all.length < 2 || Math.max(...all.map(r => r.top)) < Math.min(...all.map(r => r.bottom)) - 2) continue;
        // On more than one line: find where, one character at a time.
        const chars = [];
        for (let i = from; i <= to; i++) chars.push(boxes(b.at[i], b.at[i]).pop());
        const wide = chars.reduce((sum, r) => sum + (r ? r.width : 0), 0);
        for (let i = 1; i < chars.length; i++) {
          if (!chars[i - 1] || !chars[i] || chars[i].top < chars[i - 1].bottom - 2) continue;
          // The word with what touches it up to the spaces around it, the break marked "|".
          let left = from, right = to;
          while (left > 0 && text[left - 1].trim()) left--;
          while (right + 1 < text.length && text[right + 1].trim()) right++;
          found.push({word: text.slice(left, from + i) + '|' + text.slice(from + i, right + 1),
                      fits: wide <= room(block) + 0.5});
        }
      }
    }
    return found;
  };
  const breaks = brokenWords();
  const light = measure();
  document.body.classList.add('nightMode', 'night_mode');
  return {light: light, night: measure(), breaks: breaks};
}"""
