//! End-to-end tests of the native path over the bundled sample digest: inputs → index bytes →
//! search, the embedding round trip, and damaged indexes.

use digest_search::entry::Entry;
use digest_search::index::write::build_index;
use digest_search::index::format::FORMAT_VERSION;
use digest_search::index::{Index, IndexError};
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, Searcher};

fn sample() -> Vec<Entry> {
    // Its header's date (`Mar 13`) has no year: the one warning it gives.
    read_inputs(&["tests/fixtures/trending-papers-digest.txt"], &InputOptions::default(), &mut |w| assert!(w.contains("has no year"), "warning: {w}")).unwrap()
}

fn titles(s: &Searcher<'_>, q: &str) -> Vec<String> {
    s.search(q, &SearchOptions::default()).unwrap().results.iter().map(|h| h.title.to_string()).collect()
}

/// The ids of a search's results, in order.
fn ids(s: &Searcher<'_>, q: &str) -> Vec<String> {
    s.search(q, &SearchOptions::default()).unwrap().results.iter().map(|h| h.id.to_string()).collect()
}

/// An entry with an id, a title, an abstract and authors.
fn entry(id: &str, title: &str, abstract_text: &str, authors: &[&str]) -> Entry {
    Entry { id: id.into(), title: title.into(), abstract_text: abstract_text.into(), authors: authors.iter().map(|a| a.to_string()).collect(), ..Entry::default() }
}

/// The ids of a search's full matches (not partial), in order.
fn full_ids(s: &Searcher<'_>, q: &str) -> Vec<String> {
    s.search(q, &SearchOptions::default()).unwrap().results.iter().filter(|h| !h.partial).map(|h| h.id.to_string()).collect()
}

/// The text of each highlight span (`[start, end)` in UTF-16 code units) of `text`.
fn marked(text: &str, spans: &[[u32; 2]]) -> Vec<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    spans.iter().map(|[a, b]| String::from_utf16(&units[*a as usize..*b as usize]).unwrap()).collect()
}

#[test]
fn sample_digest_parses_into_102_entries() {
    let e = sample();
    assert_eq!(e.len(), 102);
    // No ids in the digest: each entry's is the file's name and its number in it.
    assert_eq!(e[0].id, "trending-papers-digest-0");
    assert_eq!(e[101].id, "trending-papers-digest-101");
    assert!(e[0].title.starts_with("Harnessing the Power of Large Language Models"));
    assert!(e[101].title.starts_with("Model Editing with Canonical Examples"));
    assert_eq!(e[0].urls, ["https://github.com/gblackout/LogicLLaMA"], "{{{{small}}}} markup removed, link kept once");
    assert!(!e.iter().any(|x| x.abstract_text.contains("{\\em") || x.abstract_text.contains("{{small")));
    // The JSON Lines copy has the same titles in the same order.
    let j = read_inputs(&["tests/fixtures/trending-papers.jsonl"], &InputOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(j.len(), 102);
    for (a, b) in e.iter().zip(&j) {
        assert_eq!(a.title, b.title);
    }
}

#[test]
fn a_feed_is_searched_like_a_digest() {
    // An RSS newsletter: its HTML bodies are searched as text, never their markup or scripts;
    // dates, authors and categories become filters.
    let entries = read_inputs(&["tests/fixtures/newsletter.rss"], &InputOptions::default(), &mut |w| panic!("warning: {w}")).unwrap();
    assert_eq!(entries.len(), 5);
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert!(titles(&s, "consistency one ste")[0].starts_with("Issue #12"), "content:encoded is read");
    assert!(titles(&s, "schrodinger bridges")[0].starts_with("Issue #10"), "a numeric reference in a title");
    assert!(titles(&s, "velocity field regression")[0].starts_with("Issue #11"), "escaped HTML in a description");
    assert!(titles(&s, "trackopen").is_empty() && titles(&s, "strong").is_empty() && titles(&s, "img").is_empty(), "scripts and tags are not text");
    let full = |q: &str| -> Vec<String> { s.search(q, &SearchOptions::default()).unwrap().results.iter().filter(|h| !h.partial).map(|h| h.title.to_string()).collect() };
    assert_eq!(full("author:weber tag:diffusion laptop"), ["Issue #9: Latent diffusion on a laptop"]);
    assert_eq!(full("author:editors guidance"), ["Reader mail: classifier-free guidance, again"], "the name of an RSS author");
    let with_tag = |q: &str| -> Vec<String> { s.search(q, &SearchOptions::default()).unwrap().results.iter().map(|h| h.title.to_string()).collect() };
    let transport = with_tag("tag:\"Optimal Transport\"");
    assert_eq!(transport.len(), 1, "a tag with a space, quoted: {transport:?}");
    assert!(transport[0].starts_with("Issue #10"), "{transport:?}");
    assert_eq!(with_tag("tag:\"optimal transport\" bridge"), transport);
    assert!(with_tag("tag:\"optimal transport\" laptop").iter().all(|t| t.starts_with("Issue #10")), "the filter holds with words");
    let r = s.search("flow matching", &SearchOptions::default()).unwrap();
    let top = &r.results[0];
    assert_eq!((top.id, top.date.as_deref()), ("https://newsletter.example.org/issues/11", Some("2024-11-29")));
    assert_eq!(top.urls[..], ["https://newsletter.example.org/issues/11", "https://arxiv.org/abs/2210.02747"][..], "links in the body are kept");
    assert!(!top.snippet.text.contains('<') && top.snippet.text.contains("intuition"), "{}", top.snippet.text);
}

#[test]
fn chinese_and_japanese_words_are_found_inside_runs_of_characters() {
    let entries = [
        entry("zh", "全文搜索引擎的设计", "我们介绍一个在浏览器中运行的搜索引擎，不需要服务器。", &[]),
        entry("ja", "ブラウザで動く全文検索", "静的サイトのための検索エンジンです。", &[]),
        entry("en", "A search engine in the browser", "Full-text search (全文) for static sites.", &[]),
        entry("zh2", "引擎维护", "服务器上的引擎。", &[]),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let ids = |q: &str| full_ids(&s, q);
    assert_eq!(ids("搜索"), ["zh"]);
    assert_eq!(ids("搜索引擎"), ["zh"], "a word of four characters");
    assert_eq!(ids("浏览器"), ["zh"], "a word inside a sentence");
    assert_eq!(ids("検索"), ["ja"]);
    assert_eq!(ids("サイト"), ["ja"], "katakana");
    assert_eq!(ids("全文")[..2], ["zh", "ja"], "{:?}", ids("全文"));
    assert!(ids("全文").contains(&"en".to_string()), "a word standing alone in Latin text");
    assert_eq!(ids("搜"), ["zh"], "one character being typed completes to the pairs it starts");
    let mut both = ids("服务器");
    both.sort();
    assert_eq!(both, ["zh", "zh2"]);
    assert_eq!(ids("\"引擎的\""), ["zh"], "a phrase");
    assert!(ids("索引擎的设").contains(&"zh".to_string()));
    assert!(ids("擎搜").is_empty(), "characters that never stand together");
    let r = s.search("搜索引擎", &SearchOptions::default()).unwrap();
    let h = &r.results[0];
    let marked = marked(h.title, &h.title_highlights);
    assert_eq!(marked, ["搜索引擎"], "the pairs' highlights merge into the word");
}

/// Half-width katakana (`ﾃﾞｰﾀ`) is its full-width form (`データ`), as NFKC makes it, sound marks
/// combined: each finds the other, and the highlight covers the text as it is written.
#[test]
fn half_width_and_full_width_katakana_find_each_other() {
    let entries = [
        entry("half", "ﾃﾞｰﾀ検索とﾊﾟｿｺﾝ", "A search of data on a personal computer.", &[]),
        entry("full", "カタカナの表記", "How katakana is written.", &[]),
        entry("zh", "全文搜索引擎的设计", "我们介绍一个在浏览器中运行的搜索引擎。", &[]),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let highlighted = |q: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let full: Vec<_> = r.results.iter().filter(|h| !h.partial).collect();
        assert_eq!(full.len(), 1, "{q}: {:?}", full_ids(&s, q));
        (full[0].id.to_string(), marked(full[0].title, &full[0].title_highlights))
    };
    assert_eq!(highlighted("パソコン"), ("half".to_string(), vec!["ﾊﾟｿｺﾝ".to_string()]), "a semi-voiced mark combined");
    assert_eq!(highlighted("データ"), ("half".to_string(), vec!["ﾃﾞｰﾀ".to_string()]), "a voiced mark combined");
    assert_eq!(highlighted("ﾃﾞｰﾀ"), ("half".to_string(), vec!["ﾃﾞｰﾀ".to_string()]));
    assert_eq!(highlighted("ｶﾀｶﾅ"), ("full".to_string(), vec!["カタカナ".to_string()]), "half-width finds full-width");
    assert!(full_ids(&s, "テータ").is_empty(), "the kana without its mark is another word");
}

/// A Chinese or Japanese title pasted whole counts a word per pair of characters, more than a
/// query keeps: the pairs it keeps are its rarest, so the entry comes first (and in full) even
/// when others share most of its title, and a pair no entry holds (a character mistyped) is
/// no word that must match.
#[test]
fn a_long_chinese_or_japanese_title_pasted_whole_finds_its_entry_first() {
    let titles = [
        ("med", "基于深度学习的图像识别方法研究及其在医学影像诊断中的应用"),
        ("car", "基于深度学习的图像识别方法研究及其在自动驾驶系统中的应用"),
        ("rs", "基于深度学习的图像识别方法研究及其在遥感图像分类中的应用"),
        ("ja", "深層学習を用いた画像認識手法の研究と医用画像診断への応用"),
        ("ja2", "深層学習を用いた画像認識手法の研究と自動運転システムへの応用"),
        ("llm", "大型语言模型在中文自然语言处理任务中的评测与分析"),
    ];
    let entries: Vec<Entry> = titles.iter().map(|(id, t)| doc(id, t, "本文提出一种新的方法。")).collect();
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (id, title) in titles {
        for q in [title.to_string(), format!("{title} ")] {
            assert_eq!(top(&s, &q), Some((id, false)), "{q:?}: {:?}", ids(&s, &q));
        }
    }
    assert_eq!(top(&s, "基于深度学习的图像识别方法研究及其在医学影象诊断中的应用"), Some(("med", false)), "a character mistyped (象 for 像)");
}

#[test]
fn words_of_greek_hebrew_arabic_vietnamese_hindi_and_korean_are_found_as_readers_type_them() {
    // From an audit with digests in other languages: Greek was indexed letter by letter (every
    // Greek query found every entry), Hebrew points, Arabic vowel signs and Vietnamese letters
    // made a word written without them a different word, a virama split a Hindi word, and a
    // Korean word of one syllable was taken for a letter being typed.
    let entries = [
        entry("el1", "Βαθιά μάθηση για την αναγνώριση ομιλίας", "Ένα νευρωνικό δίκτυο για την ομιλία.", &[]),
        entry("el2", "Μηχανική μετάφραση από τα αρχαία ελληνικά", "Εκπαιδεύουμε ένα μοντέλο μετάφρασης.", &[]),
        entry("el3", "Ανίχνευση σεισμών με βαθιά μάθηση", "Σεισμολογικά δεδομένα και $\\alpha$ παράμετροι.", &[]),
        entry("he", "מוֹדֶל שָׂפָה גָּדוֹל", "מודל שפה לעברית.", &[]),
        entry("ar", "نموذج لُغَوِيّ كبير", "تحليل النُّصُوص العربية.", &[]),
        entry("vi", "Xử lý ngôn ngữ tự nhiên cho tiếng Việt", "Dữ liệu tiếng Việt.", &[]),
        entry("hi", "हिन्दी भाषा के लिए मॉडल", "हिन्दी पाठ।", &[]),
        entry("ko", "물 관리 시스템", "물 부족 문제.", &[]),
        entry("en", "Alpha particles in water", "A study of alpha decay.", &[]),
        entry("it", "Il ruolo dell'inizializzazione nell'addestramento", "Studiamo l'effetto dell'algoritmo.", &[]),
        entry("tr", "Ankara'daki hava kirliliği", "İstanbul'un verileri.", &[]),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let full = |q: &str| full_ids(&s, q);
    assert_eq!(full("ομιλίας"), ["el1"]);
    assert_eq!(full("ΟΜΙΛΙΑΣ"), ["el1"], "capitals, no accent");
    assert_eq!(full("ομιλια"), ["el1"], "no accent, no final sigma");
    assert_eq!(full("μεταφ"), ["el2"], "a Greek word being typed");
    assert_eq!(full("αναγνώριση ομ"), ["el1"], "from its second letter");
    assert_eq!(full("σεισμων"), ["el3"]);
    assert_eq!(full("μαθηση βαθια").len(), 2);
    assert!(full("alpha").contains(&"el3".to_string()) && full("alpha").contains(&"en".to_string()), "a letter alone is still its name: {:?}", full("alpha"));
    assert_eq!(full("מודל"), ["he"], "Hebrew without its points");
    assert_eq!(full("גדול"), ["he"]);
    assert_eq!(full("لغوي"), ["ar"], "Arabic without its vowel signs");
    assert_eq!(full("النصوص"), ["ar"]);
    assert_eq!(full("tieng viet"), ["vi"], "Vietnamese without its marks");
    assert_eq!(full("ngon ngu"), ["vi"]);
    assert_eq!(full("Việt"), ["vi"]);
    assert_eq!(full("हिन्दी"), ["hi"], "a word with a virama is one word");
    assert_eq!(full("물"), ["ko"], "a Korean word of one syllable");
    assert_eq!(full("inizializzazione algoritmo"), ["it"], "a word after an elided article");
    assert_eq!(full("ankara hava"), ["tr"], "a name before a suffix");
    assert_eq!(full("istanbul"), ["tr"]);
    let r = s.search("ομιλίας", &SearchOptions::default()).unwrap();
    assert_eq!(marked(r.results[0].title, &r.results[0].title_highlights), ["ομιλίας"], "the whole Greek word is highlighted");
    let r = s.search("hindi हिन्दी", &SearchOptions::default()).unwrap();
    assert_eq!(marked(r.results[0].title, &r.results[0].title_highlights), ["हिन्दी"]);
}

#[test]
fn a_markdown_changelog_is_searched_release_by_release() {
    let entries = read_inputs(&["tests/fixtures/changelog.md"], &InputOptions::default(), &mut |w| panic!("warning: {w}")).unwrap();
    let titles_in: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles_in, ["Unreleased", "0.4.0", "0.3.1", "0.3.0", "0.2.0"], "reference links read as their text, the dates as the entries'");
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("safari focus", &SearchOptions::default()).unwrap();
    let top = &r.results[0];
    assert_eq!((top.title, top.date.as_deref(), &top.tags[..]), ("0.3.1", Some("2024-04-18"), &["Fixed"][..]));
    assert_eq!(top.urls[..2], ["https://github.com/example/digest-search/compare/v0.3.0...v0.3.1", "https://github.com/example/digest-search/issues/57"]);
    assert!(!top.urls.iter().any(|u| u.contains("CHANGELOG")), "a section with links keeps them; the template is for those without");
    assert_eq!(entries[0].urls, ["https://github.com/example/digest-search/compare/v0.4.0...HEAD"], "the heading's link first");
    assert_eq!(titles(&s, "tag:removed")[..], ["0.3.0"], "sub-section names are tags");
    assert_eq!(titles(&s, "lazy byte rang")[0], "0.3.0");
    let unreleased = s.search("watch flag", &SearchOptions::default()).unwrap();
    assert_eq!(unreleased.results[0].id, "unreleased", "the id is the heading's anchor");
}

#[test]
fn a_part_of_a_camel_case_word_finds_it_and_is_highlighted_alone() {
    let entries = vec![
        doc("http", "A faster HttpClient for the web", "We present a new library."),
        doc("hessian", "AdaHessian: an adaptive second order optimizer", "Curvature, with ADAHESSIAN's step."),
        doc("json", "JSONParser and JsonParser compared", "Speed of parsing."),
        doc("other", "A client library", "Hessian-free parser."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let title = |q: &str, id: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{q}: no {id}"));
        (h.partial, marked(h.title, &h.title_highlights))
    };
    assert_eq!(title("client", "http"), (false, vec!["Client".to_string()]));
    assert_eq!(title("hessian", "hessian"), (false, vec!["Hessian".to_string()]));
    assert_eq!(title("ada ", "hessian"), (false, vec!["Ada".to_string()]), "typed whole");
    assert_eq!(title("parser", "json"), (false, vec!["Parser".to_string(), "Parser".to_string()]));
    assert_eq!(title("json parser", "json"), (false, vec!["JSONParser".to_string(), "JsonParser".to_string()]));
    assert_eq!(title("faster client", "http"), (false, vec!["faster".to_string(), "Client".to_string()]));
    // The word whole, and its parts typed apart, find it as before.
    assert_eq!(title("httpclient", "http"), (false, vec!["HttpClient".to_string()]));
    assert_eq!(title("http client", "http"), (false, vec!["HttpClient".to_string()]));
    // A word that writes the part on its own still ranks first.
    assert_eq!(ids(&s, "client")[0], "other");
    assert_eq!(full_ids(&s, "adahessian"), ["hessian"]);
}

#[test]
fn a_part_of_a_camel_case_word_in_a_compound_or_before_a_possessive_finds_it_and_is_marked() {
    let entries = vec![
        doc("compound", "An AdaHessian-based optimiser", "Trained with the new step rule."),
        doc("possessive", "On AdaHessian's curvature", "Steps of a DeepSeek-V3 model and a pre-HttpClient library."),
        doc("other", "Second order methods", "Curvature of a model, and a client."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let mut found = full_ids(&s, "hessian");
    found.sort();
    assert_eq!(found, ["compound", "possessive"]);
    // The part of a compound's second word, and of a word with a version after it.
    assert_eq!(full_ids(&s, "seek"), ["possessive"]);
    assert_eq!(full_ids(&s, "client curvature"), ["possessive", "other"]);
    // The part is marked, alone, in the title and the snippet, as in a word alone.
    let shown = |q: &str, id: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap();
        (marked(h.title, &h.title_highlights), marked(&h.snippet.text, &h.snippet.highlights))
    };
    assert_eq!(shown("hessian", "compound"), (vec!["Hessian".to_string()], vec![]));
    assert_eq!(shown("hessian", "possessive"), (vec!["Hessian".to_string()], vec![]));
    assert_eq!(shown("seek client", "possessive"), (vec![], vec!["Seek".to_string(), "Client".to_string()]));
    // The word whole, and the compound, are marked and found as before.
    assert_eq!(full_ids(&s, "adahessian-based"), ["compound"]);
    assert_eq!(shown("adahessian", "possessive").0, ["AdaHessian's"]);
}

#[test]
fn a_part_of_a_camel_case_word_does_not_count_the_word_twice() {
    // `contact` of `GraphiContact` beside the word `contact` in the same title: the title holds
    // the query's word once, as the other's does, and the shorter title ranks first (at 100k
    // entries, the benchmark's `contact scene` lost its paper to such a title).
    let entries = vec![
        doc("graphi", "GraphiContact: robust contact for human scene reconstruction", "We study poses."),
        doc("unicon", "UniCon: contact-aware human scene reconstruction", "We study poses."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(ids(&s, "contact scene"), ["unicon", "graphi"]);
    assert_eq!(ids(&s, "contact scen"), ["unicon", "graphi"]);
    // Alone, the part still finds its word.
    assert_eq!(ids(&s, "graphi"), ["graphi"]);
}

#[test]
fn a_number_and_its_unit_find_each_other_written_joined_or_apart() {
    let entries = vec![
        doc("apart", "Training with 16 GB of memory", "A model of 7 B parameters at 512 x 512, 3.5 x faster."),
        doc("joined", "Fits in 16GB", "A 7B model at 512x512 and 3.5x faster; 2× less."),
        doc("other", "Sixteen layers, 16 in all", "Memory in GB, and 7 billion."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    // The highlights of an entry, title and snippet.
    let marks = |q: &str, id: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{q}: no {id}"));
        let mut m = marked(h.title, &h.title_highlights);
        m.extend(marked(&h.snippet.text, &h.snippet.highlights));
        (h.partial, m)
    };
    for (q, apart, joined) in [("16gb", "16 GB", "16GB"), ("7b ", "7 B", "7B"), ("512x512", "512 x 512", "512x512"), ("3.5x", "3.5 x", "3.5x")] {
        let mut found = full_ids(&s, q);
        found.sort();
        assert_eq!(found, ["apart", "joined"], "{q}");
        assert_eq!(marks(q, "apart"), (false, vec![apart.to_string()]), "{q}");
        assert_eq!(marks(q, "joined"), (false, vec![joined.to_string()]), "{q}");
    }
    // Typed apart, as before; the sign of times is an `x`.
    assert_eq!(marks("16 gb", "joined"), (false, vec!["16GB".to_string()]));
    assert_eq!(marks("2x", "joined"), (false, vec!["2×".to_string()]));
}

#[test]
fn a_number_and_a_word_after_it_that_is_no_unit_are_not_joined_in_the_index() {
    let entries = vec![
        doc("prose", "We report 2 new methods", "Speedups of 7 vs 3 in 3 out of 4 cases, at 30 fps and 5 per cent less memory (16 GB)."),
        doc("joined", "A 3vs3 arena", "Agents play 3vs3."),
        doc("other", "New methods", "Four cases."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    let joined: Vec<&str> = ["2new", "7vs", "3out", "5per", "30fps", "16gb", "3vs3"].into_iter().filter(|t| index.term(t.as_bytes()).is_some()).collect();
    assert_eq!(joined, ["30fps", "16gb", "3vs3"], "a unit stays joined, and a term a text writes joined");
    let s = Searcher::new(index);
    // Typed apart, the words find the entry; typed joined, the units too.
    for q in ["2 new", "7 vs 3", "3 out of 4", "5 per", "30fps", "16gb"] {
        assert_eq!(full_ids(&s, q), ["prose"], "{q}");
    }
    assert_eq!(full_ids(&s, "3vs3"), ["joined"]);
}

#[test]
fn a_number_typed_again_after_an_x_finds_the_three_joined_or_apart() {
    let entries = vec![
        doc("apart", "Images at 512 x 512", "Crops of 1024 x 1024 pixels."),
        doc("joined", "Images at 512x512", "Crops of 1024x1024 pixels."),
        doc("other", "A context of 512 tokens", "Crops of 1024 pixels, twice as fast."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    // The highlights of an entry's title.
    let marks = |q: &str, id: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{q}: no {id}"));
        (h.partial, marked(h.title, &h.title_highlights))
    };
    // The second `512` is no repeat to drop: the three words are the joined term `512x512`.
    for q in ["512 x 512", "512 x 512 ", "images 1024 x 1024 "] {
        let mut found = full_ids(&s, q);
        found.sort();
        assert_eq!(found, ["apart", "joined"], "{q}");
    }
    assert_eq!(marks("512 x 512 ", "apart"), (false, vec!["512 x 512".to_string()]));
    assert_eq!(marks("512 x 512 ", "joined"), (false, vec!["512x512".to_string()]));
    // Other words typed twice still count once.
    assert_eq!(ids(&s, "512 512 "), ids(&s, "512 "));
    assert_eq!(ids(&s, "crops x crops "), ids(&s, "crops x "));
}

#[test]
fn a_sign_of_times_standing_apart_is_joined_to_its_numbers_as_an_x_is() {
    let entries = vec![
        doc("spaced", "Images at 512 \u{d7} 512", "Sampling 2 \u{d7} faster, with 3.5 \u{d7} less memory."),
        doc("joined", "Images at 512x512", "Sampling 2x faster."),
        doc("other", "A context of 512 tokens", "Sampling twice as fast, in 2 steps."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("512x512", &["joined", "spaced"][..]), ("512\u{d7}512", &["joined", "spaced"]), ("2x ", &["joined", "spaced"]), ("3.5x", &["spaced"])] {
        let mut found = full_ids(&s, q);
        found.sort();
        assert_eq!(found, want, "{q}");
    }
    // Typed apart, as before: its words.
    let mut found = full_ids(&s, "512 \u{d7} 512");
    found.sort();
    assert_eq!(found, ["joined", "spaced"]);
}

#[test]
fn c_plus_plus_and_c_sharp_are_words_of_their_own() {
    let entries = vec![
        doc("cpp", "A faster allocator", "We rewrite the allocator in C++ with arenas."),
        doc("csharp", "Game scripting", "Bindings for C# and F# scripts."),
        doc("vitamin", "Vitamin C intake", "Dietary vitamin C and its effect on sleep."),
        doc("ccpp", "Lightweight models for C/C++ vulnerabilities", "Code."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(ids(&s, "C++"), ["ccpp", "cpp"], "in a title first");
    assert_eq!(ids(&s, "c++ allocator"), ["cpp", "ccpp"], "then the partial match");
    // `C/C++` holds C++ too (it was read as `c`, `c` and `cc`).
    assert_eq!(ids(&s, "c++ vulnerabilities"), ["ccpp", "cpp"]);
    let r = s.search("c/c++", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.iter().map(|h| (h.id, h.partial)).collect::<Vec<_>>(), [("ccpp", false), ("vitamin", true), ("cpp", true)]);
    assert_eq!(ids(&s, "c#"), ["csharp"]);
    assert_eq!(ids(&s, "F#"), ["csharp"]);
    assert_eq!(ids(&s, "vitamin c"), ["vitamin"], "the letter alone is not C++");
    let r = s.search("c++", &SearchOptions::default()).unwrap();
    let hit = r.results.iter().find(|h| h.id == "cpp").unwrap();
    let abs = hit.snippet.text.as_str();
    let marked: Vec<&str> = hit.snippet.highlights.iter().map(|&[a, b]| &abs[a as usize..b as usize]).collect();
    assert_eq!(marked, ["C++"], "the highlight covers the signs");
    let hit = r.results.iter().find(|h| h.id == "ccpp").unwrap();
    let title = "Lightweight models for C/C++ vulnerabilities";
    assert_eq!(hit.title_highlights.iter().map(|&[a, b]| &title[a as usize..b as usize]).collect::<Vec<_>>(), ["C++"], "C++ of C/C++");
}

#[test]
fn one_word_typed_ranks_the_entries_that_have_it_above_its_typos() {
    let filler = "We study models of many kinds over many data sets and report results. ".repeat(6);
    let entries = [
        entry("title-typo", "Throughput of sparse kernels", "Kernels and their throughput.", &[]),
        entry("exact-deep", "Sparse kernels revisited", &format!("{filler} The effect holds throughout."), &[]),
        entry("other-typo", "Measuring throughput again", "More throughput numbers.", &[]),
        entry("diffusion", "Diffusion models", "Diffusion models for images.", &[]),
        entry("diffusion2", "Latent diffusion", "A latent diffusion model.", &[]),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let (typed, typo) = (ids(&s, "throughout"), ids(&s, "throughput"));
    assert_eq!(typed[0], "exact-deep", "the word itself first: {typed:?}");
    assert_eq!(typed[1..], typo[..2], "then its typos, in their own order");
    assert_eq!(ids(&s, "difusion"), ["diffusion", "diffusion2"], "with no entry holding the word, typos rank as usual");
}

#[test]
fn a_string_of_authors_in_json_or_a_feed_is_read_as_its_names() {
    // `"authors": "Ada Lovelace, Alan Turing and Grace Hopper"` (arXiv's form) was one name: shown
    // whole, and a name phrase matched across two names (`author:"lovelace alan"`).
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("papers.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            "{\"id\":\"three\",\"title\":\"Engines\",\"authors\":\"Ada Lovelace, Alan Turing and Grace Hopper\"}\n",
            "{\"id\":\"bibtex\",\"title\":\"Machines\",\"authors\":\"Lovelace, Ada and Turing, Alan\"}\n",
            "{\"id\":\"listed\",\"title\":\"Compilers\",\"authors\":[\"Hopper, Grace\"]}\n",
            "{\"id\":\"surnames\",\"title\":\"Nets\",\"authors\":\"Hinton, Bengio, LeCun\"}\n",
            "{\"id\":\"two\",\"title\":\"Nets\",\"authors\":\"Hinton, Bengio\"}\n",
            "{\"id\":\"group\",\"title\":\"Soap\",\"authors\":\"Ada Lovelace and Research and Development Team\"}\n",
        ),
    )
    .unwrap();
    let rss = dir.path().join("feed.rss");
    std::fs::write(&rss, "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title><item><title>Arrays</title><guid isPermaLink=\"false\">feed</guid><dc:creator>Ada Lovelace, Alan Turing</dc:creator></item></channel></rss>").unwrap();
    let mut warnings = Vec::new();
    let entries = read_inputs(&[&jsonl, &rss], &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
    let names: Vec<(&str, Vec<&str>)> = entries.iter().map(|e| (e.id.as_str(), e.authors.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        names,
        [
            ("three", vec!["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
            ("bibtex", vec!["Lovelace, Ada", "Turing, Alan"]),
            ("listed", vec!["Hopper, Grace"]),
            ("surnames", vec!["Hinton", "Bengio", "LeCun"]),
            ("two", vec!["Hinton, Bengio"]),
            ("group", vec!["Ada Lovelace", "Research and Development Team"]),
            ("feed", vec!["Ada Lovelace", "Alan Turing"]),
        ]
    );
    // The string left whole is said, once, with its line; a list is not.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("papers.jsonl:5: field `authors`: a string with a comma beside a part of one word is one name"), "{warnings:?}");
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let mut turing = full_ids(&s, "author:\"a. turing\"");
    turing.sort();
    assert_eq!(turing, ["feed", "three"]);
    assert!(full_ids(&s, "author:\"lovelace alan\"").is_empty(), "a phrase is matched within one name");
    let r = s.search("engines", &SearchOptions::default()).unwrap();
    assert_eq!(r.results[0].authors, ["Ada Lovelace", "Alan Turing", "Grace Hopper"]);
}

#[test]
fn an_initial_in_an_author_phrase_stands_for_a_first_name() {
    let entry = |id: &str, author: &str| Entry { id: id.into(), title: format!("Paper {id}"), authors: vec![author.into(), "Ada Lovelace".into()], ..Entry::default() };
    let entries = [entry("ken", "Ken Ono"), entry("k", "K. Ono"), entry("jin", "Jin Ono"), entry("kono", "Kono Tanaka"), entry("kipf", "Thomas N. Kipf"), entry("kipf2", "Thomas Kipf"), entry("jf", "Jean-Francois Molinari"), entry("kt", "Ken'ichiro Tanaka"), entry("jp", "Jean Paul Molinari")];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let ids = |q: &str| {
        let mut v = full_ids(&s, q);
        v.sort();
        v
    };
    assert_eq!(ids("author:\"k. ono\""), ["k", "ken"]);
    assert_eq!(ids("author:\"k ono\""), ["k", "ken"]);
    assert_eq!(ids("author:\"ken ono\""), ["ken"], "a whole first name is matched as written");
    assert_eq!(ids("author:\"j. ono\""), ["jin"]);
    assert!(ids("\"k ono\"").is_empty(), "only in names: elsewhere a letter is a word");
    // A middle initial the phrase leaves out is passed over, in names only.
    assert_eq!(ids("author:\"thomas kipf\""), ["kipf", "kipf2"]);
    assert_eq!(ids("author:\"t. kipf\""), ["kipf", "kipf2"]);
    assert_eq!(ids("author:\"thomas n. kipf\""), ["kipf"]);
    // So is the second part of a first name joined by a hyphen or an apostrophe, after an
    // initial; not a second first name.
    assert_eq!(ids("author:\"j. molinari\""), ["jf"]);
    assert_eq!(ids("author:\"k. tanaka\""), ["kono", "kt"]);
    assert_eq!(ids("author:\"jean francois molinari\""), ["jf"]);
}

#[test]
fn finds_the_zeroth_order_benchmark_first() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("zeroth order benchmark", &SearchOptions::default()).unwrap();
    assert!(r.total >= 1);
    let top = &r.results[0];
    assert!(top.title.contains("Zeroth-Order") && top.title.contains("Benchmark"), "{}", top.title);
    assert!(!top.partial);
    let marked = marked(top.title, &top.title_highlights);
    assert!(marked.iter().any(|m| m.contains("Zeroth")), "{marked:?}");
    assert!(marked.iter().any(|m| m == "Benchmark"), "{marked:?}");
}

#[test]
fn prefixes_typos_compounds_and_accents_match() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert!(titles(&s, "zeroth order bench")[0].contains("Zeroth-Order"));
    assert!(titles(&s, "zeroth ordr benchmark")[0].contains("Zeroth-Order"), "typo");
    assert!(titles(&s, "zerothorder")[0].contains("Zeroth-Order"), "joined compound");
    assert!(titles(&s, "schrodinger").iter().any(|t| t.contains("Stochastic Interpolants")), "LaTeX accent folded");
    assert!(titles(&s, "Schrödinger").iter().any(|t| t.contains("Stochastic Interpolants")), "accent typed");
    assert!(s.search("qwxzvj", &SearchOptions::default()).unwrap().results.is_empty());
}

#[test]
fn a_word_being_typed_completes_to_the_rarer_word_the_other_words_point_to() {
    // `mat` has more frequent completions (`matrix`, `matching`, `match`, …) than `matters`;
    // the entry with both words still comes first.
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("order mat", "Order Matters"), ("neural imp", "Neural Implicit Surfaces"), ("news de", "News Deja Vu"), ("fast ac", "Learning fast, accurate")] {
        let top = &s.search(q, &SearchOptions::default()).unwrap().results[0];
        assert!(top.title.contains(want) && !top.partial, "{q}: {}", top.title);
    }
}

/// A word found only through typos is as rare as all the words it may be a typo of, not as the
/// rarest of them: `lern` (learn, learning, learned, lens, …) must not lift an entry that merely
/// has `Lens` in its title above the entries that hold both words, `reinforcement learning`.
#[test]
fn a_typo_is_no_rarer_than_all_the_words_it_may_mean() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("reinforcment lern", &SearchOptions { limit: 20, ..Default::default() }).unwrap();
    let full = r.results.iter().filter(|h| !h.partial).count();
    assert!(full >= 4, "{full} full matches");
    assert!(r.results[..full].iter().all(|h| !h.partial), "every full match ranks above every partial one");
    let lens = r.results.iter().position(|h| h.title.contains("Lens")).unwrap_or(usize::MAX);
    assert!(lens > full, "the entry with only `Lens` ranks {lens}, among the {full} full matches");
}

#[test]
fn a_long_word_two_edits_off_matches_even_when_it_also_looks_like_a_related_form() {
    // `hypergraf` is two edits from `hypergraph` (9 letters allow two) and shares all but its
    // last three letters with it, which also makes `hypergraph` a related form: weak evidence
    // that does not count as the word. The typo must win, so the entry matches every word.
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["hypergraf projection", "projection hypergraf"] {
        let r = s.search(q, &SearchOptions { explain: true, ..Default::default() }).unwrap();
        let top = &r.results[0];
        assert!(top.title.contains("Hypergraph Projection"), "{q}: {}", top.title);
        assert!(!top.partial, "{q}: a two-edit typo counts as the word");
        let kinds: Vec<_> = top.explain.as_ref().unwrap().iter().filter(|e| e.term == "hypergraph").map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["typo"], "{q}");
    }
}

#[test]
fn a_compound_of_words_typed_apart_stands_for_them_and_does_not_add_to_them() {
    // "Robustifying State-space Models…" is indexed as `state`, `space` and `statespace`; the
    // compound must not count on top of its words, or it outscores the entry with all three
    // words in its title.
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["digagonal state space", "diagonal state space"] {
        let top = &s.search(q, &SearchOptions::default()).unwrap().results[0];
        assert!(top.title.contains("Diagonal State Space"), "{q}: {}", top.title);
    }
    // Typed as one, the compound still counts whole: both spellings find the hyphenated title.
    for q in ["state-space models", "statespace"] {
        assert!(titles(&s, q)[0].contains("State-space"), "{q}");
    }
}

#[test]
fn phrases_and_exclusions() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("\"language models\"", &SearchOptions { limit: 200, ..Default::default() }).unwrap();
    assert!(r.total > 0);
    for h in &r.results {
        let doc = (0..s.index().doc_count()).find(|&d| s.index().stored(d).id == h.id).unwrap();
        let st = s.index().stored(doc);
        let norm = |t: &str| digest_search::text::normalize(t);
        assert!(norm(st.title).contains("language models") || norm(st.abstract_text).contains("language models"), "{}", h.title);
    }
    let all = s.search("diffusion", &SearchOptions { limit: 200, ..Default::default() }).unwrap().total;
    let some = s.search("diffusion -image", &SearchOptions { limit: 200, ..Default::default() }).unwrap().total;
    assert!(some < all && some > 0, "{some} < {all}");
}

/// A phrase is its words as the text writes them apart (by a space or a connector): not one
/// word that joins them, a compound's joined form (`zeroshot`) or a CamelCase word
/// (`HttpClient`), which the words typed without quotes find.
#[test]
fn a_phrase_is_its_words_written_apart_not_one_word_that_joins_them() {
    let entries = vec![
        doc("hyphen", "A zero-shot learner", "With an http client."),
        doc("joined", "A zeroshot learner", "With a fast HttpClient."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(full_ids(&s, "\"zero shot\""), ["hyphen"]);
    assert_eq!(full_ids(&s, "\"http client\""), ["hyphen"]);
    for q in ["zero shot", "http client"] {
        let mut found = full_ids(&s, q);
        found.sort();
        assert_eq!(found, ["hyphen", "joined"], "{q}");
    }
}

/// A phrase of two common words that stand together in one entry only, which ranks below
/// hundreds that hold both words apart (more often, in their titles): it is found, and every
/// result holds it.
#[test]
fn a_phrase_of_common_words_is_found_where_it_ranks_below_hundreds() {
    let mut entries: Vec<Entry> = (0..600)
        .map(|i| doc(&format!("apart{i}"), &format!("Training schedules {i} for each step"), &format!("Training a model, step by step: training is done in steps, each step {i} of training.")))
        .collect();
    entries.push(doc("together", "A note on schedules", "We describe one training step of the method."));
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(ids(&s, "\"training step\""), ["together"]);
    let r = s.search("\"training step\"", &SearchOptions::default()).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(marked(&r.results[0].snippet.text, &r.results[0].snippet.highlights), ["training step"]);
}

/// A phrase still being typed (its quote not closed) finds what its words typed so far begin,
/// its last word as the start of a word: typed letter by letter, the results never vanish
/// mid-word, and each holds the words in a row.
#[test]
fn a_phrase_being_typed_matches_its_last_word_as_a_start() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let done = ids(&s, "\"open source\"");
    assert!(!done.is_empty());
    for end in ["\"open so", "\"open sou", "\"open sourc", "\"open source"] {
        let r = s.search(end, &SearchOptions::default()).unwrap();
        assert!(r.results.len() >= done.len(), "{end}: {} results", r.results.len());
        for h in &r.results {
            let text = format!("{} {}", h.title, h.snippet.text);
            let norm = digest_search::text::normalize(&text);
            assert!(norm.contains("open so"), "{end}: {text}");
            assert!(!h.partial, "{end}: {}", h.title);
        }
        // The word begun is highlighted whole.
        let first = &r.results[0];
        assert!(marked(first.title, &first.title_highlights).iter().chain(&marked(&first.snippet.text, &first.snippet.highlights)).any(|m| digest_search::text::normalize(m) == "open source"), "{end}");
    }
    // Closed, or followed by a space, the phrase's last word is a word again.
    assert!(ids(&s, "\"open sou\"").is_empty());
    assert!(ids(&s, "\"open sou ").is_empty());
}

#[test]
fn build_is_deterministic() {
    let e = sample();
    assert_eq!(build_index(&e, &mut |_| {}), build_index(&e, &mut |_| {}));
}

#[test]
fn damaged_indexes_are_refused_with_a_reason() {
    let bytes = build_index(&sample(), &mut |_| {});
    assert!(matches!(Index::open(&bytes[..bytes.len() / 2]), Err(IndexError::Truncated(_))));
    assert!(matches!(Index::open(&bytes[..10]), Err(IndexError::Truncated(_))));
    assert!(matches!(Index::open(b"not an index at all"), Err(IndexError::NotAnIndex)));
    // Small sections are checked at open: a flipped byte in the term dictionary is refused.
    let terms_at = u32::from_le_bytes(bytes[16 + 24 + 8..16 + 24 + 12].try_into().unwrap()) as usize;
    let mut flipped = bytes.clone();
    flipped[terms_at + 100] ^= 0x55;
    assert!(matches!(Index::open(&flipped), Err(IndexError::Checksum("TERMS"))));
    // Large sections are checked block by block when first read: the search that reads a
    // damaged block reports it instead of returning results.
    // A byte near the end of STORE (section kind 5), the last large section.
    let mut flipped = bytes.clone();
    let row = |i: usize, field: usize| u32::from_le_bytes(bytes[16 + 24 * i + 4 * field..][..4].try_into().unwrap()) as usize;
    let sections = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let store_row = (0..sections).find(|&i| row(i, 0) == 5).expect("a STORE section");
    let near_end = row(store_row, 2) + row(store_row, 3) - 2000;
    flipped[near_end] ^= 0x55;
    let index = Index::open(&flipped).expect("opening reads only the small sections");
    let s = Searcher::new(index);
    let mut failed = None;
    for q in ["learning", "model", "data", "language", "neural", "the", "a", "optimization"] {
        if let Err(e) = s.search(q, &SearchOptions { limit: 1000, ..Default::default() }) {
            failed = Some(e);
            break;
        }
    }
    for d in 0..s.index().doc_count() {
        let _ = s.index().stored(d);
    }
    let err = failed.or_else(|| s.index().damage()).expect("damage is found");
    assert!(matches!(err, IndexError::Checksum(_)), "{err}");
    assert!(err.to_string().contains("checksum"), "{err}");
    let mut other = bytes.clone();
    other[8] = FORMAT_VERSION as u8 + 1;
    let err = Index::open(&other).err().unwrap();
    assert!(err.to_string().contains(&format!("version {}", FORMAT_VERSION + 1)), "{err}");
}

/// An index of version 7, whose dictionaries held each term's values as their fst outputs
/// (version 8 reads its ordinals as values), or of version 8, whose checksums were xxHash32
/// (version 9's are xxHash64), is refused with the message that says to rebuild it.
#[test]
fn an_index_of_version_7_or_8_is_refused_with_a_reason() {
    for old in [7u32, 8] {
        let mut bytes = build_index(&sample(), &mut |_| {});
        bytes[8..12].copy_from_slice(&old.to_le_bytes());
        let err = Index::open(&bytes).err().expect("an index of an older version is refused");
        assert_eq!(err, IndexError::Version { found: old, expected: FORMAT_VERSION });
        let message = err.to_string();
        assert!(message.contains(&format!("index format version {old}, but this runtime reads version")) && message.contains("rebuild the index"), "{message}");
    }
}

/// Each first byte's dictionary in TERMS is laid out as docs/index-format.md says: the fst's
/// length, an fst from each term to its ordinal, then the terms' info by ordinal in blocks
/// (df and joined flag, postings offset from the term before's), which decodes to the values
/// the reader hands out, and whose df is the count its POSTINGS record starts with. Over the
/// sample digest, TERMS takes at most 85% of what the fsts with the values as outputs took.
#[test]
fn terms_keep_their_values_apart_from_the_fsts() {
    use digest_search::index::format::{self, get_u32, get_varint, section_rows};
    let bytes = build_index(&sample(), &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    let row = |kind: u32| section_rows(&bytes).find(|r| r.kind == kind).unwrap();
    let (terms_row, postings_row) = (row(format::section::TERMS), row(format::section::POSTINGS));
    let terms = &bytes[terms_row.offset..terms_row.offset + terms_row.len];
    let postings = &bytes[postings_row.offset..postings_row.offset + postings_row.len];
    let (mut checked, mut outputs_len) = (0, 0);
    for first in 0..=255usize {
        let at = |b: usize| format::TERMS_HEAD_LEN + get_u32(terms, 4 * b).unwrap() as usize;
        let region = &terms[at(first)..at(first + 1)];
        if region.is_empty() {
            continue;
        }
        let fst_len = get_u32(region, 0).unwrap() as usize;
        let map = fst::Map::new(&region[4..4 + fst_len]).unwrap();
        let info = &region[4 + fst_len..];
        let keys = map.stream().into_str_keys().unwrap();
        assert!(keys.iter().all(|k| usize::from(k.as_bytes()[0]) == first), "a dictionary holds its own first byte's terms");
        let ordinals: Vec<u64> = map.stream().into_values();
        assert_eq!(ordinals, (0..keys.len() as u64).collect::<Vec<_>>(), "ordinals in key order");
        let blocks = keys.len().div_ceil(format::TERM_BLOCK);
        let mut with_values = fst::MapBuilder::memory();
        for (b, block) in keys.chunks(format::TERM_BLOCK).enumerate() {
            let mut pos = get_u32(info, 4 * b).unwrap() as usize;
            assert!(pos >= 4 * blocks && pos < info.len(), "block {b} starts past the starts");
            let mut offset = 0u64;
            for key in block {
                let df_joined = get_varint(info, &mut pos).unwrap();
                offset += get_varint(info, &mut pos).unwrap();
                let value = offset << format::DF_BITS | (df_joined & 1) << 23 | df_joined >> 1;
                assert_eq!(index.term(key.as_bytes()), Some(value), "{key}");
                let count = get_varint(postings, &mut (offset as usize)).unwrap();
                assert_eq!(count, df_joined >> 1, "df of {key}");
                with_values.insert(key, value).unwrap();
                checked += 1;
            }
            if b + 1 < blocks {
                assert_eq!(get_u32(info, 4 * (b + 1)).unwrap() as usize, pos, "blocks follow one another");
            } else {
                assert_eq!(pos, info.len(), "the last block ends the dictionary");
            }
        }
        outputs_len += with_values.into_inner().unwrap().len();
    }
    assert!(checked > 4000, "{checked} terms");
    assert!(terms.len() * 100 <= (format::TERMS_HEAD_LEN + outputs_len) * 85, "TERMS takes {} bytes; with the values as the fsts' outputs, {}", terms.len(), format::TERMS_HEAD_LEN + outputs_len);
}

#[test]
fn odd_queries_do_not_panic() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["", " ", "-", "\"", "\"\"", "!!!", "a", "🙂 emoji", "שלום עולם", "e\u{301}\u{301}\u{301}", "title:", "author:", "-\"x y\""] {
        let _ = s.search(q, &SearchOptions::default()).unwrap();
    }
    let _ = s.search(&"x".repeat(10_000), &SearchOptions::default()).unwrap();
    let _ = s.search(&"lang ".repeat(2_000), &SearchOptions::default()).unwrap();
}

fn doc(id: &str, title: &str, abstract_text: &str) -> Entry {
    Entry { id: id.into(), title: title.into(), abstract_text: abstract_text.into(), urls: vec![], date: None, authors: vec![], tags: vec![] }
}

/// The first result of `q` (default options): its id and whether it is partial.
fn top<'a>(s: &Searcher<'a>, q: &str) -> Option<(&'a str, bool)> {
    s.search(q, &SearchOptions::default()).unwrap().results.first().map(|h| (h.id, h.partial))
}

/// An index of `entries` and 200 unrelated ones, so that the words of `entries` are rare
/// enough to score as words of a real digest would.
fn with_unrelated(entries: Vec<Entry>) -> Vec<u8> {
    with_unrelated_n(entries, 200)
}

/// [`with_unrelated`], with `n` unrelated entries.
fn with_unrelated_n(mut entries: Vec<Entry>, n: usize) -> Vec<u8> {
    for i in 0..n {
        entries.push(doc(&format!("o{i}"), &format!("Unrelated topic {i}"), "Nothing to see here."));
    }
    build_index(&entries, &mut |_| {})
}

/// Soft AND: an entry about the rarer word of a two-word topical query, which never uses the
/// common word, outranks one that mentions both words once in passing; it is still marked
/// partial. An entry with both words in its title stays first.
#[test]
fn soft_and_ranks_a_focused_partial_match_above_a_passing_full_match() {
    let mut entries = vec![
        doc("focused", "A survey of spoken dialogue", "Speech models listen. Speech recognition, speech synthesis and speech translation: speech everywhere."),
        doc("passing", "Battles of deception in a board game", "Agents deliberate before each speech; the game engine keeps processing their moves."),
    ];
    for i in 0..6 {
        entries.push(doc(&format!("filler{i}"), &format!("Filler paper {i}"), "Data processing pipelines for tabular records and graph processing at scale."));
    }
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("speech processing", &SearchOptions::default()).unwrap();
    let ids: Vec<&str> = r.results.iter().map(|h| h.id).collect();
    assert_eq!(&ids[..2], ["focused", "passing"], "{ids:?}");
    assert!(r.results[0].partial && !r.results[1].partial);

    entries.push(doc("titled", "Speech processing with tiny models", "We compress models for phones."));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(s.search("speech processing", &SearchOptions::default()).unwrap().results[0].id, "titled");
}

/// The forms of a word add up: an entry with `game` once and `games` twice outranks one with
/// `game` twice (taking the best single form instead, it would not).
#[test]
fn inflections_of_a_word_add_up() {
    let entries = vec![
        doc("mixed", "Learning agents", "One game, then games and games teach the agent."),
        doc("twice", "Thinking agents", "One game, then one game will teach the agent."),
        doc("none", "Unrelated", "Nothing to see here at all."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(ids(&s, "game "), ["mixed", "twice"]);
}

/// Related forms of a long word (`neuroscientific` for `neuroscience`) find entries that never
/// use the word itself, below the entries that do, and leave them marked partial.
#[test]
fn related_forms_of_a_long_word_match_weakly() {
    let entries = vec![
        doc("exact", "Feature learning", "Findings from neuroscience shape how we build models."),
        doc("related", "Motion processing", "Inspired by neuroscientific findings, the model senses motion."),
        doc("none", "Unrelated", "Nothing to see here at all."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("neuroscience ", &SearchOptions::default()).unwrap();
    let got: Vec<(&str, bool)> = r.results.iter().map(|h| (h.id, h.partial)).collect();
    assert_eq!(got, [("exact", false), ("related", true)]);
    // Short words get no related forms: `physics` does not reach `physical`.
    let entries = vec![doc("a", "Physical layer", "Radio."), doc("b", "Other", "Nothing.")];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert!(s.search("physics ", &SearchOptions::default()).unwrap().results.is_empty());
}

#[test]
fn match_kind_names_are_the_serde_names() {
    use digest_search::search::matcher::MatchKind::*;
    // The wasm runtime writes `as_str()`, the CLI serde: they must agree.
    for k in [Exact, Stem, Compound, Prefix, Typo, Related] {
        assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
    }
}

/// A query whose words match most entries: past the candidate budget, later (commoner) words
/// stop admitting partial matches, yet every full match is found, ranked first and complete.
#[test]
fn a_query_of_common_words_is_bounded_and_keeps_every_full_match() {
    use digest_search::search::CANDIDATE_BUDGET;
    let n = 30_000;
    let entries: Vec<Entry> = (0..n)
        .map(|i| {
            let mut words = vec![format!("entry{i}")];
            for (k, w) in [(2, "alpha"), (3, "beta"), (5, "gamma"), (1000, "needle")] {
                if i % k == 0 {
                    words.push(w.to_string());
                }
            }
            Entry { id: i.to_string(), title: words.join(" "), ..Default::default() }
        })
        .collect();
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let opts = SearchOptions { limit: 20, ..Default::default() };
    let t = std::time::Instant::now();
    let r = s.search("alpha beta gamma needle", &opts).unwrap();
    assert!(t.elapsed() < std::time::Duration::from_secs(2), "took {:?}", t.elapsed());
    // Full matches: multiples of 2, 3, 5 and 1000, i.e. of 3000.
    let full: Vec<&str> = r.results.iter().filter(|h| !h.partial).map(|h| h.id).collect();
    let mut got: Vec<usize> = full.iter().map(|id| id.parse().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, (0..n).step_by(3000).collect::<Vec<_>>());
    assert!(r.results[..full.len()].iter().all(|h| !h.partial), "full matches come first");
    // Partial matches follow; the union of the words is ~22,000 entries, cut at the budget.
    assert_eq!(r.results.len(), 20);
    let union = (0..n).filter(|i| i % 2 == 0 || i % 3 == 0 || i % 5 == 0).count();
    assert!(r.total as usize >= CANDIDATE_BUDGET && (r.total as usize) < union, "total {}", r.total);
    // Below the budget nothing is cut: two words' union is counted in full.
    let r = s.search("gamma needle", &opts).unwrap();
    assert_eq!(r.total as usize, (0..n).filter(|i| i % 5 == 0 || i % 1000 == 0).count());
}

/// A query of common words past the postings budget: its commonest word is left out, like a
/// stop word, so an entry lacking only that word is a full match; the rarer words still count.
#[test]
fn the_commonest_words_of_a_broad_query_count_like_stop_words() {
    use digest_search::search::POSTINGS_BUDGET;
    let n = 40_000usize;
    let entries: Vec<Entry> = (0..n)
        .map(|i| {
            let mut words = vec![format!("entry{i}")];
            if i < 50 {
                words.push("needle".into());
            }
            if i % 4 != 3 {
                words.extend(["cone", "ctwo", "cthree"].map(String::from));
            }
            if !(10..20).contains(&i) {
                words.push("cfour".into());
            }
            Entry { id: i.to_string(), title: words.join(" "), ..Default::default() }
        })
        .collect();
    // needle + 3 × 30,000 + 39,990 postings: past the budget only with the last word.
    const { assert!(50 + 3 * 30_000 <= POSTINGS_BUDGET && 50 + 3 * 30_000 + 39_990 > POSTINGS_BUDGET) };
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("needle cone ctwo cthree cfour", &SearchOptions { limit: 100, ..Default::default() }).unwrap();
    let full: Vec<usize> = r.results.iter().filter(|h| !h.partial).map(|h| h.id.parse().unwrap()).collect();
    // Entry 12 lacks only `cfour`, the commonest word: a full match. Entry 11 lacks the others.
    assert!(full.contains(&12), "{full:?}");
    assert!(!full.contains(&11) && !full.contains(&15), "{full:?}");
    assert_eq!(full.len(), (0..50).filter(|i| i % 4 != 3).count());
    // The word left out still counts in a title when re-ranking, and is highlighted: on the
    // first page, the titles that hold it (the whole query) rank above those that do not (10,
    // 12, which came before 20 and 21 in input order).
    let page: Vec<usize> = r.results.iter().take(10).map(|h| h.id.parse().unwrap()).collect();
    assert!(page.iter().all(|i| !(10..20).contains(i)), "{page:?}");
    let top = &r.results[0];
    let cfour = top.title.find("cfour").unwrap() as u32;
    assert!(top.title_highlights.contains(&[cfour, cfour + 5]), "{:?} in {}", top.title_highlights, top.title);
    // Two words are never left out, however common.
    let r = s.search("cone cfour", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().all(|h| { let i: usize = h.id.parse().unwrap(); !(10..20).contains(&i) || h.partial }));
}

/// Entries whose words give the prefix `qa` 2,600 completions: one entry per rare word
/// `qa<letters>`, and a common completion, `qazzle`, late in byte order, in 40 entries.
fn many_completions() -> Vec<Entry> {
    let mut entries = Vec::new();
    for i in 0..2600u32 {
        let w: String = (0..4).map(|k| char::from(b'a' + (i / 26u32.pow(k) % 26) as u8)).collect();
        entries.push(doc(&format!("r{i}"), &format!("Note qa{w}"), "A rare word."));
    }
    for i in 0..40 {
        entries.push(doc(&format!("z{i}"), "Qazzle results", "The qazzle appears again."));
    }
    entries
}

#[test]
fn a_short_prefix_completes_to_its_most_frequent_words_wherever_they_sort() {
    // More completions than a dictionary walk reads: the frequent one, sorted after the first
    // 2,000, comes from the COMPLETIONS section.
    let bytes = build_index(&many_completions(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["qa", "qaz"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert_eq!(r.results[0].title, "Qazzle results", "{q}");
        assert_eq!(r.results.iter().filter(|h| h.title == "Qazzle results").count(), 10, "{q}");
    }
}

#[test]
fn the_completions_section_lists_what_a_full_dictionary_walk_ranks_first() {
    for entries in [many_completions(), read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap()] {
        let bytes = build_index(&entries, &mut |_| {});
        let index = Index::open(&bytes).unwrap();
        let mut checked = 0;
        let mut all: Vec<(Vec<u8>, u64)> = Vec::new();
        index.for_each_term(&mut |k, v| all.push((k.to_vec(), v)));
        // Every prefix of every term: the ones with a record, and that no other has one.
        let mut prefixes: Vec<&[u8]> = all.iter().flat_map(|(k, _)| (1..k.len()).map(move |n| &k[..n])).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        for p in prefixes {
            // Terms are sorted: the ones that start with `p` are one run.
            let from = all.partition_point(|(k, _)| k.as_slice() < p);
            let to = from + all[from..].partition_point(|(k, _)| k.starts_with(p));
            let mut want: Vec<(u32, usize, &[u8], u64)> = all[from..to].iter().filter(|(k, _)| k.len() > p.len()).map(|(k, v)| (Index::split_value(*v).1, k.len(), &k[..], *v)).collect();
            let listed: Option<Vec<(Vec<u8>, u64)>> = index.completions(p).map(|l| l.map(|(s, v)| ([p, s].concat(), v)).collect());
            let Some(listed) = listed else {
                assert!(want.len() <= 256 || std::str::from_utf8(p).is_err(), "{:?} has {} completions and no record", String::from_utf8_lossy(p), want.len());
                continue;
            };
            assert!(want.len() > 256);
            want.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
            let top = |plain_only: bool| -> Vec<(Vec<u8>, u64)> { want.iter().filter(|w| !plain_only || !Index::joined_only(w.3)).take(20).map(|w| (w.2.to_vec(), w.3)).collect() };
            for plain_only in [false, true] {
                let from_table: Vec<(Vec<u8>, u64)> = listed.iter().filter(|(_, v)| !plain_only || !Index::joined_only(*v)).take(20).cloned().collect();
                assert_eq!(from_table, top(plain_only), "{:?}", String::from_utf8_lossy(p));
            }
            checked += 1;
        }
        assert!(checked > 0);
    }
}

#[test]
fn inflections_are_every_dictionary_term_with_the_same_stem() {
    use digest_search::search::matcher::inflections;
    use digest_search::text::stem;
    use std::collections::BTreeMap;
    let entries = read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    // The oracle: every term of the dictionary, grouped by its stem.
    let mut by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
    index.for_each_term(&mut |k, _| {
        let t = std::str::from_utf8(k).unwrap().to_string();
        by_stem.entry(stem(&t).into_owned()).or_default().push(t);
    });
    let (mut words, mut inflected) = (0, 0);
    for (s, group) in &by_stem {
        if s.len() < 3 {
            continue;
        }
        for w in group {
            let want: Vec<&String> = group.iter().filter(|t| *t != w).collect();
            let got = inflections(&index, w);
            let got_terms: Vec<&String> = got.iter().map(|(t, _)| t).collect();
            assert_eq!(got_terms, want, "inflections of {w:?} (stem {s:?})");
            for (t, v) in &got {
                assert_eq!(index.term(t.as_bytes()), Some(*v), "value of {t:?}");
            }
            words += 1;
            inflected += usize::from(!want.is_empty());
        }
    }
    assert!(words > 10_000 && inflected > 3_000, "{words} words, {inflected} with inflections");
}

#[test]
fn a_word_being_typed_matches_completions_past_the_listed_ones() {
    // `mat` has 30 completions more frequent than `matters` (each in 3 entries): the search
    // reads the postings of the 20 most frequent, and finds `matters` in the text of the
    // entries it re-ranks.
    let mut entries = Vec::new();
    for i in 0..30u8 {
        let w = format!("mat{}{}", char::from(b'a' + i / 26), char::from(b'a' + i % 26));
        for k in 0..3 {
            entries.push(doc(&format!("c{i}-{k}"), &format!("Notes on {w}"), &format!("The {w} again.")));
        }
    }
    entries.push(doc("listed", "Zorblax notes", "A zorblax next to a mataa."));
    entries.push(doc("target", "Why zorblax matters", "It does."));
    entries.push(doc("other", "Zorblax alone", "Nothing else here."));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["zorblax mat", "zorblax matt", "zorblax matters"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let ids: Vec<(&str, bool)> = r.results.iter().map(|h| (h.id, h.partial)).collect();
        // The entry with the completion in its title first; the one with a listed completion
        // of `mat` in its abstract also matches every word; the one with neither is partial.
        let listed = q != "zorblax mat";
        assert_eq!(&ids[..3], [("target", false), ("listed", listed), ("other", true)], "{q}");
        let top = &r.results[0];
        let marked = marked(top.title, &top.title_highlights);
        assert_eq!(marked, ["zorblax", "matters"], "{q}");
    }
    // `explain` lists the completion found in the text like a listed one.
    let r = s.search("zorblax mat", &SearchOptions { explain: true, ..Default::default() }).unwrap();
    let terms: Vec<(&str, &str, f64)> = r.results[0].explain.as_ref().unwrap().iter().map(|e| (e.word.as_str(), e.term.as_str(), e.fields[0])).collect();
    assert!(terms.iter().any(|&(w, t, title)| w == "mat" && t == "matters" && title > 0.0), "{terms:?}");
}

#[test]
fn a_search_reads_only_the_dictionaries_of_its_words_first_letters() {
    use digest_search::index::format::{self, get_u32, section_rows};
    use std::cell::RefCell;
    use std::rc::Rc;
    let entries = read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    let terms = section_rows(&bytes).find(|r| r.kind == format::section::TERMS).unwrap();
    // Where the dictionary of each first byte lies, from the index's first byte.
    let body = terms.offset + format::TERMS_HEAD_LEN;
    let dictionary = |b: u8| {
        let at = |i: usize| body + get_u32(&bytes[terms.offset..], 4 * i).unwrap() as usize;
        at(usize::from(b))..at(usize::from(b) + 1)
    };
    // Every block the reader reads for the first time, in order (the bytes are all in place:
    // the fill only notes the block).
    let read: Rc<RefCell<Vec<(usize, usize)>>> = Rc::default();
    let noted = read.clone();
    let index = Index::open_lazy(&bytes, Rc::new(move |off, len| noted.borrow_mut().push((off, len)))).unwrap();
    let searcher = Searcher::new(index);
    read.borrow_mut().clear();
    let r = searcher.search("graph nerual netwo", &SearchOptions::default()).unwrap();
    assert!(r.total > 0 && r.results.iter().any(|h| h.title.to_lowercase().contains("neural")), "the typo and the prefix matched");
    let in_terms: Vec<(usize, usize)> = read.borrow().iter().copied().filter(|&(off, _)| (terms.offset..terms.offset + terms.len).contains(&off)).collect();
    // `nerual`, which the dictionary does not hold, may also have slipped on its first letter:
    // the dictionaries of `n`'s keyboard neighbours and of its second letter are read too.
    let (g, n) = (dictionary(b'g'), dictionary(b'n'));
    let slips: Vec<_> = b"bhjme".iter().map(|&b| dictionary(b)).collect();
    let overlaps = |d: &std::ops::Range<usize>, block: &std::ops::Range<usize>| block.start < d.end && d.start < block.end;
    for &(off, len) in &in_terms {
        let block = off..off + len;
        // A block at a dictionary's edge may hold the end of the one before or the start of the next.
        assert!(overlaps(&g, &block) || overlaps(&n, &block) || slips.iter().any(|d| overlaps(d, &block)), "read TERMS block {block:?}, outside the dictionaries of g ({g:?}), n ({n:?}) and n's slips");
    }
    let read_bytes: usize = in_terms.iter().map(|b| b.1).sum();
    let whole = g.len() + n.len() + slips.iter().map(|d| d.len()).sum::<usize>();
    assert!(read_bytes >= g.len() + n.len() && read_bytes <= whole + 14 * format::BLOCK_LEN, "read {read_bytes} bytes of TERMS for dictionaries of {whole}");
    assert!(read_bytes * 2 < terms.len, "read {read_bytes} of {} bytes of TERMS", terms.len);
    // Words the dictionary holds read only their own letters' dictionaries.
    read.borrow_mut().clear();
    searcher.search("quantum vacuum", &SearchOptions::default()).unwrap();
    let (q, v) = (dictionary(b'q'), dictionary(b'v'));
    let read_now: Vec<(usize, usize)> = read.borrow().iter().copied().filter(|&(off, _)| (terms.offset..terms.offset + terms.len).contains(&off)).collect();
    assert!(!read_now.is_empty());
    for (off, len) in read_now {
        let block = off..off + len;
        assert!(overlaps(&q, &block) || overlaps(&v, &block), "read TERMS block {block:?} for `quantum vacuum`");
    }
}

#[test]
fn a_long_compound_seen_once_is_found_through_its_parts_and_a_short_one_stays_a_term() {
    let entry = |id: &str, title: &str| Entry { id: id.into(), title: title.into(), abstract_text: "A study.".into(), ..Default::default() };
    let entries = vec![
        entry("rl", "Reinforcement-Learning agents for graph-guided search"),
        entry("mfac", "M-FAC: efficient matrix-free approximations"),
        entry("r", "Reinforcement of concrete beams"),
        entry("l", "Learning to rank"),
        entry("g", "Graph drawing"),
        // `billiardphysbench` spells `billiard physbench` too, words of other entries: the split
        // back into the parts must be the one its entry holds.
        entry("bpb", "BilliardPhys-Bench for multimodal models"),
        entry("b", "Billiard dynamics"),
        entry("pb", "PhysBench and PhysBench-2"),
        entry("pb2", "PhysBench revisited"),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    // Left out: longer than 12 bytes, in one entry, never a word of its own.
    assert_eq!(index.term(b"reinforcementlearning"), None);
    assert_eq!(index.term(b"billiardphysbench"), None);
    // Kept: short compounds, which a joined query has no other way to find.
    assert!(index.term(b"graphguided").is_some() && index.term(b"mfac").is_some());
    let s = Searcher::new(index);
    let first = |q: &str| s.search(q, &SearchOptions::default()).unwrap().results.first().map(|h| h.id.to_string());
    for q in ["reinforcementlearning", "reinforcement-learning", "reinforcement learning", "graphguided", "graph-guided"] {
        assert_eq!(first(q).as_deref(), Some("rl"), "{q}");
    }
    assert_eq!(first("mfac").as_deref(), Some("mfac"));
    assert_eq!(top(&s, "billiardphysbench"), Some(("bpb", false)));
}

#[test]
fn two_words_typed_joined_are_found_apart_when_the_dictionary_holds_them_joined_only_otherwise() {
    // `timedomain` is a term, of `Time-Domain`, but no entry writes it as one word: the query
    // found the entry that hyphenates it and never the one that writes `time domain`.
    // `errorcorrection` is two edits from `errorcorrecting` (of `Error-Correcting`, in two
    // entries) and was read as that typo, above the entry that writes `error correction`.
    let entries = vec![
        doc("hyphen", "Time-Domain analysis of circuits", "Transient response of filters."),
        doc("apart", "Learning in the time domain for speech", "Waveforms taken directly."),
        doc("ecoc", "Error-Correcting output codes", "Multiclass learning."),
        doc("ecoc2", "Sparse Error-Correcting designs", "Ternary matrices."),
        doc("qec", "Quantum error correction with surface codes", "Logical qubits."),
        doc("worthy", "A noteworthy bound", "A result."),
        doc("note", "A note on worthy causes", "Charity."),
        doc("sigid", "Signal identification in wireless systems", "Radio channels."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let full = |q: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let mut ids: Vec<&str> = r.results.iter().filter(|h| !h.partial).map(|h| h.id).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(full("timedomain"), ["apart", "hyphen"]);
    assert_eq!(full("timedomain speech"), ["apart"]);
    assert_eq!(top(&s, "errorcorrection"), Some(("qec", false)));
    assert_eq!(top(&s, "errorcorrection surface"), Some(("qec", false)));
    // A word the dictionary holds as a word of its own is not split: `noteworthy` is not `note
    // worthy`. Nor is a word in a phrase (the phrase check reads the text as typed).
    // The word being typed may end with a word begun: `signalidentif` is `signal` and
    // `identif…`, `timedomai` (a completion of `timedomain` only) `time` and `domai…`.
    assert_eq!(full("signalidentif"), ["sigid"]);
    assert_eq!(full("wireless signalident"), ["sigid"]);
    assert_eq!(full("timedomai"), ["apart", "hyphen"]);
    // … but not a word typed in full before it.
    assert_eq!(full("signalidentif radio"), Vec::<&str>::new());
    assert_eq!(full("noteworthy"), ["worthy"]);
    assert_eq!(full("\"timedomain analysis\""), ["hyphen"]);
}

#[test]
fn probe_queries_find_their_entry_first() {
    // `tests/fixtures/probe-queries.jsonl`: 184 queries written from the sample's titles and
    // abstracts before they were run (acronyms and names, typos, compounds typed apart or
    // joined, possessives, stop words, words being typed, phrases, exclusions, scopes, odd
    // separators and full-width or ligature letters, questions in plain words), each with the
    // entry it is after.
    // Every one must rank that entry first, as a full match unless `full` is false (`vuln det`,
    // where only the last word is completed; questions with words no entry has).
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let text = std::fs::read_to_string("tests/fixtures/probe-queries.jsonl").unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        let (q, primary, full) = (p["q"].as_str().unwrap(), p["primary"].as_u64().unwrap(), p["full"].as_bool().unwrap());
        let r = s.search(q, &SearchOptions::default()).unwrap();
        match r.results.first() {
            Some(top) if top.id == format!("trending-papers-digest-{primary}") && (!full || !top.partial) => {}
            Some(top) => failures.push(format!("{q:?}: first is {} (partial: {}), want {primary}", top.id, top.partial)),
            None => failures.push(format!("{q:?}: no results, want {primary}")),
        }
        n += 1;
    }
    assert_eq!(n, 184);
    assert!(failures.is_empty(), "{} of {n} probe queries failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_query_of_stop_words_alone_finds_nothing_but_a_stop_word_typed_after_a_word_completes() {
    // Stop words are not indexed. A query of nothing else asks for nothing: completing its last
    // word (`the` → `theory`, `is` → `issue`) would answer with whatever starts with it, as full
    // matches. After a word that is not a stop word, the word being typed still completes.
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["the", "of the", "the of and", "what is", "in", "And Or"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert!(r.results.is_empty() && r.total == 0, "{q:?}: {} results", r.total);
    }
    let r = s.search("interpolants the", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().any(|h| !h.partial), "`the` completes after a word");
    let r = s.search("stochastic interpolants an", &SearchOptions { explain: true, ..Default::default() }).unwrap();
    let top = &r.results[0];
    assert!(!top.partial && top.title.starts_with("Stochastic Interpolants"), "{}", top.title);
    assert!(top.explain.as_ref().unwrap().iter().any(|e| e.word == "an" && e.kind.as_str() == "prefix"), "`an` completes after words (`analysis`, …)");
}

#[test]
fn a_scoped_phrase_is_checked_in_its_field_only() {
    let mut entries = sample();
    let person = |i: usize, title: &str, authors: &[&str]| Entry {
        id: format!("p{i}"),
        title: title.into(),
        abstract_text: "Ada Lovelace wrote about language models and engines.".into(),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        ..Entry::default()
    };
    entries.push(person(0, "Notes on the analytical engine", &["Ada Lovelace", "Charles Babbage"]));
    entries.push(person(1, "Lovelace numbers", &["Lovelace Ada", "Someone Else"]));
    entries.push(person(2, "Engines of ada", &["Grace Hopper"]));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let opts = SearchOptions { limit: 200, ..Default::default() };
    let phrase_in = |text: &str, phrase: &str| {
        let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        let p: Vec<&str> = phrase.split(' ').collect();
        words.windows(p.len()).any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
    };
    // In the title only: entries whose abstract alone has the phrase are not results.
    let r = s.search("title:\"language models\"", &opts).unwrap();
    assert!(r.results.len() >= 5, "{} results", r.results.len());
    for h in &r.results {
        assert!(!h.partial && phrase_in(h.title, "language models"), "{}", h.title);
    }
    let anywhere = s.search("\"language models\"", &opts).unwrap();
    assert!(anywhere.results.len() > r.results.len(), "unscoped, abstracts count too");
    // In one author's name, in that order: not `Lovelace Ada`, not the abstract's `Ada Lovelace`.
    let r = s.search("author:\"ada lovelace\"", &opts).unwrap();
    assert_eq!(r.results.iter().map(|h| h.id).collect::<Vec<_>>(), ["p0"]);
    assert!(!r.results[0].partial);
}

#[test]
fn an_excluded_phrase_leaves_out_the_entries_holding_it_and_nothing_else() {
    let mut entries = sample();
    let extra = |i: usize, title: &str, abstract_text: &str| Entry { id: format!("x{i}"), title: title.into(), abstract_text: abstract_text.into(), ..Entry::default() };
    entries.push(extra(0, "Zeroth-order search in a black and white box", "A box, black paint, and zeroth-order steps."));
    entries.push(extra(1, "Zeroth-order methods for black-box tuning", "Black box tuning."));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let opts = SearchOptions { limit: 200, ..Default::default() };
    let ids = |q: &str| s.search(q, &opts).unwrap().results.iter().map(|h| (h.id.to_string(), h.partial)).collect::<Vec<_>>();
    let all = ids("zeroth order");
    let without = ids("zeroth order -\"black box\"");
    // `How to Robustify Black-Box ML Models? A Zeroth-Order …` (entry 4) and x1 hold the
    // phrase; x0 holds both words apart and stays. `box` is not a word to find.
    let four = "trending-papers-digest-4";
    assert!(all.iter().any(|(id, _)| id == four) && all.iter().any(|(id, _)| id == "x1"));
    assert!(!without.iter().any(|(id, _)| id == four || id == "x1"), "{without:?}");
    assert!(without.iter().any(|(id, _)| id == "x0"), "{without:?}");
    // Left out: exactly the entries whose title or abstract holds the phrase.
    let holds = |id: &str| {
        let e = entries.iter().find(|e| e.id == id).unwrap();
        let words: Vec<String> = format!("{} {}", e.title, e.abstract_text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        words.windows(2).any(|w| w[0] == "black" && w[1] == "box")
    };
    for (id, _) in &all {
        assert_eq!(without.iter().any(|(k, _)| k == id), !holds(id), "entry {id}");
    }
    // `box` is no word to find: entries with `zeroth` and `order` are full matches.
    assert!(without.iter().any(|(id, partial)| id == "trending-papers-digest-8" && !partial), "{without:?}");
    // Unbalanced, it runs to the end; one word is an excluded word.
    assert_eq!(ids("zeroth order -\"black box"), without);
    assert_eq!(ids("zeroth order -\"black\""), ids("zeroth order -black"));
}

#[test]
fn one_letter_being_typed_is_not_required_nor_highlighted_as_a_prefix() {
    // `zeroth order b` on the way to `benchmark`: `b` does not complete yet, so the entries that
    // hold the other words stay full matches (those whose title has a word in `b` go up among
    // them: see `a_letter_begun_lifts_…`), and no word starting with `b` is marked.
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let without = s.search("zeroth order", &SearchOptions::default()).unwrap();
    let typing = s.search("zeroth order b", &SearchOptions::default()).unwrap();
    // The full matches are the same (`b` may still rank a partial one that holds `B` as a word
    // of its own higher).
    let full = |r: &digest_search::search::SearchResponse<'_>| {
        let mut ids = r.results.iter().filter(|h| !h.partial).map(|h| h.id.to_string()).collect::<Vec<_>>();
        ids.sort();
        ids
    };
    assert_eq!(full(&typing), full(&without));
    assert_eq!(typing.total, without.total);
    assert!(!typing.results[0].partial);
    for h in &typing.results {
        let utf16: Vec<u16> = h.title.encode_utf16().collect();
        for &[a, b] in &h.title_highlights {
            let marked = String::from_utf16_lossy(&utf16[a as usize..b as usize]).to_lowercase();
            assert!(!marked.starts_with('b'), "{marked:?} marked in {:?}", h.title);
        }
    }
}

#[test]
fn a_number_gets_no_typos() {
    // A catalogue number one edit from another is another object.
    let mut entries = sample();
    entries.push(entry("n1", "Spectroscopy of the planetary nebula NGC 4361", "Deep spectra of NGC 4361.", &[]));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("ngc 4316", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().all(|h| h.partial), "{:?}", r.results.iter().map(|h| h.title).collect::<Vec<_>>());
    assert!(!s.search("ngc 4361", &SearchOptions::default()).unwrap().results[0].partial);
    // Letters and digits together still get them.
    assert!(!s.search("spectrosocpy ngc", &SearchOptions::default()).unwrap().results[0].partial);
}

#[test]
fn stop_words_and_a_hyphenated_compound_do_not_make_a_query_long() {
    // Past eight words that must match, words found as typed lose their typo variants. `the`
    // and `for` are not such words, and `trade-off` is one.
    let mut entries = sample();
    entries.push(entry("c1", "Latent causal void detection for misinformation", "We study causal structure in online news.", &[]));
    entries.push(entry("c2", "Recursive numeral systems optimise the tradeoff", "Numeral systems of the world.", &[]));
    entries.push(entry("x1", "A casual conversation corpus", "Small talk.", &[]));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["latent casual void misinformation", "the latent casual void for misinformation", "optimize trade-off recursive numeral"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert!(r.results[0].id.starts_with('c') && !r.results[0].partial, "{q}: {} partial {}", r.results[0].title, r.results[0].partial);
    }
    let r = s.search("latent casual void detection for misinformation", &SearchOptions::default()).unwrap();
    assert!(!r.results[0].partial, "five words that must match: not long");
    let r = s.search("latent casual void detection misinformation study structure online news", &SearchOptions::default()).unwrap();
    assert!(r.results[0].partial, "nine words that must match: `casual` is taken as typed");
}

#[test]
fn an_exact_surname_in_a_long_author_list_ranks_above_a_typo_in_a_short_one() {
    // Length normalisation counts a field as at most four times its average length: unbounded,
    // the exact `duong` among thirty authors scored below `dong` (one edit) among two.
    let mut entries = sample();
    let people = |n: usize, last: &str| -> Vec<String> { (0..n - 1).map(|i| format!("Person{i} Someone{i}")).chain([format!("Quang {last}")]).collect() };
    let with = |id: String, authors: Vec<String>| Entry { id, title: "A study".into(), abstract_text: "Text.".into(), authors, ..Entry::default() };
    entries.push(with("exact".into(), people(30, "Duong")));
    entries.extend((0..5).map(|i| with(format!("typo{i}"), people(2, "Dong"))));
    entries.extend((0..20).map(|i| with(format!("other{i}"), people(3, "Other"))));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["author:duong", "author:duong ", "duong"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert_eq!(r.results[0].id, "exact", "{q:?}: {:?}", r.results.iter().map(|h| (h.id, h.score)).collect::<Vec<_>>());
        assert!(r.results.iter().any(|h| h.id.starts_with("typo")), "{q:?}: the typo still matches");
    }
}

#[test]
fn words_typed_apart_find_the_compound_they_start_while_the_last_is_typed() {
    // `turk colbe` on the way to `turk colbert`: the entry that writes `TurkColBERT` stays first
    // and a full match at every keystroke, as it is once the word is whole.
    let mut entries = sample();
    entries.push(entry("t", "TurkColBERT: a benchmark of dense and late-interaction models", "Retrieval for Turkish.", &[]));
    entries.push(entry("w", "WideSeek-R1: exploring width scaling", "Agents search wide.", &[]));
    entries.push(entry("c", "Colbert in practice", "Late interaction for turkey recipes.", &[]));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (typed, want) in [("turk col", "t"), ("turk colb", "t"), ("turk colbe", "t"), ("turk colbert", "t"), ("wide se", "w"), ("wide seek", "w")] {
        let r = s.search(typed, &SearchOptions::default()).unwrap();
        let top = &r.results[0];
        assert!(top.id == want && !top.partial, "{typed:?}: {} (partial {})", top.title, top.partial);
    }
}

#[test]
fn a_compound_typed_joined_in_a_phrase_finds_the_text_that_writes_it_apart() {
    // Outside quotes `statespace`, `state space` and `state-space` are one word; inside them too.
    let mut entries = sample();
    entries.push(entry("h", "Self-injective algebras and their modules", "On self-injective algebras.", &[]));
    entries.push(entry("n", "A notebook computer for field work", "Books and notes.", &[]));
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("\"statespace models\"", "State-space Models"), ("\"multiagent reinforcement\"", "Multi-Agent Reinforcement"), ("\"selfinjective algebras\"", "Self-injective algebras")] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert!(!r.results.is_empty(), "{q}: nothing");
        for h in &r.results {
            let text = format!("{} {}", h.title, h.snippet.text).to_lowercase();
            assert!(text.contains(&want.to_lowercase()), "{q}: {} holds no {want:?}", h.title);
        }
    }
    // A word of its own is not split (`notebook` into `note book`, which the text has not).
    let r = s.search("\"notebook computer\"", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.iter().map(|h| h.id).collect::<Vec<_>>(), ["n"]);
}

/// The indexes the probe queries run on: the 1k arXiv slice and the sample digest.
fn probe_indexes() -> (Vec<u8>, Vec<u8>) {
    let open = |path: &str| {
        let entries = read_inputs(&[path], &InputOptions::default(), &mut |_| {}).unwrap();
        build_index(&entries, &mut |_| {})
    };
    (open("tests/fixtures/arxiv-1k.jsonl.gz"), open("tests/fixtures/trending-papers.jsonl"))
}

#[test]
fn arxiv_probe_queries_find_their_entry_first() {
    // `tests/fixtures/probe-arxiv-queries.jsonl`: 446 queries a reader might type, written from
    // the entries of the 1k arXiv slice (with authors, dates and tags) and of the sample before
    // they were run: half-remembered titles, names and acronyms, typos, words being typed,
    // compounds typed apart or joined, LaTeX and accents, scopes, filters, phrases, exclusions.
    // Each must rank its entry first (or the one as right, where a query names two), as a full
    // match. (Of the 467 written, the others are
    // listed in docs/relevance.md, "Other judged sets": fair outcomes, and known gaps.)
    let (arxiv, sample) = probe_indexes();
    let (arxiv, sample) = (Searcher::new(Index::open(&arxiv).unwrap()), Searcher::new(Index::open(&sample).unwrap()));
    let text = std::fs::read_to_string("tests/fixtures/probe-arxiv-queries.jsonl").unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        let (q, want) = (p["q"].as_str().unwrap(), p["want"].as_str().unwrap());
        let s = if p["index"] == "sample" { &sample } else { &arxiv };
        let r = s.search(q, &SearchOptions::default()).unwrap();
        // `also`: another entry as right for the query (the same words, in the same fields).
        let also = p["also"].as_str();
        match r.results.first() {
            Some(top) if (top.id == want || Some(top.id) == also) && !top.partial => {}
            Some(top) => failures.push(format!("{q:?}: first is {} (partial: {}), want {want}", top.id, top.partial)),
            None => failures.push(format!("{q:?}: no results, want {want}")),
        }
        n += 1;
    }
    assert_eq!(n, 446);
    assert!(failures.is_empty(), "{} of {n} probe queries failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_searchers_answers_do_not_depend_on_the_queries_it_ran_before() {
    // The scoring memory is reused from query to query: what one query leaves in it must not
    // show in the next one's results, scores or totals.
    let entries = read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    let queries = ["diffusion models", "languag mod", "transformer", "graph neural netwrk", "\"large language\" -vision", "reinforcement learning robot", "la", "quantum", "diffusion models"];
    let shared = Searcher::new(Index::open(&bytes).unwrap());
    let answer = |s: &Searcher<'_>, q: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        (r.total, r.results.iter().map(|h| (h.id.to_string(), h.score, h.partial)).collect::<Vec<_>>())
    };
    for q in queries {
        let fresh = Searcher::new(Index::open(&bytes).unwrap());
        let (a, b) = (answer(&shared, q), answer(&fresh, q));
        assert!(a.0 > 0 && !a.1.is_empty(), "{q}: no results");
        assert_eq!(a, b, "{q}: a searcher that ran other queries first answers differently");
    }
}

#[test]
fn a_formula_is_found_by_its_letters_and_whole() {
    // `CePd$_3$` reads as `CePd₃`: `cepd` (a word of its own elsewhere, so no typo of it, and
    // not the last word, so no prefix) and `cepd3` both find it as a full match, and `h2` still
    // finds `H₂` inside a compound.
    let entry = |id: &str, title: &str| Entry { id: id.into(), title: title.into(), abstract_text: "Neutron scattering and ab initio theory.".into(), ..Entry::default() };
    let raw = [entry("a", "Band excitations in CePd$_3$ from first principles"), entry("b", "The CO-to-H$_2$ conversion factor of barred galaxies"), entry("c", "Ab initio bands of copper"), Entry { id: "d".into(), title: "Magnetism of CePd alloys".into(), ..Entry::default() }];
    let entries: Vec<Entry> = raw.into_iter().map(|mut e| {
        e.title = digest_search::input::clean::clean_text(&e.title);
        e
    }).collect();
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("cepd initio", "a"), ("cepd3 initio", "a"), ("h2 conversion", "b")] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let top = &r.results[0];
        assert_eq!((top.id, top.partial), (want, false), "{q}");
    }
    let r = s.search("cepd bands", &SearchOptions::default()).unwrap();
    let top = &r.results[0];
    // Highlights count UTF-16 code units. `cepd` also stands for `cepd3`, the name joined to its
    // number, as one of its forms (`matcher::numbered`): the formula is highlighted whole, as an
    // inflection is.
    let marked = marked(top.title, &top.title_highlights);
    assert!(marked.iter().any(|m| m == "CePd" || m == "CePd₃"), "{marked:?}");
}

#[test]
fn a_page_is_the_head_of_a_longer_page() {
    // A search of ten results reads fewer entries than one of a thousand: scoring stops
    // admitting entries that cannot reach the first `limit` (`search/score.rs`), and
    // re-ranking leaves unread the candidates that, even re-scored as well as they can be,
    // stay below the page (`search/rerank.rs`: the bound counts only the words an entry holds
    // in some form). Neither may change the page: its results, scores, highlights and
    // snippets are the first ten of the longer search's, over the 630 probe queries and the
    // same with their last word cut short.
    let (arxiv, sample) = probe_indexes();
    let (arxiv, sample) = (Searcher::new(Index::open(&arxiv).unwrap()), Searcher::new(Index::open(&sample).unwrap()));
    let mut n = 0;
    for file in ["tests/fixtures/probe-arxiv-queries.jsonl", "tests/fixtures/probe-queries.jsonl"] {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let p: serde_json::Value = serde_json::from_str(line).unwrap();
            let s = if p["index"] == "arxiv-1k" { &arxiv } else { &sample };
            // The query, and the query with its last word cut to three letters, as while typing it.
            let q = p["q"].as_str().unwrap();
            let cut = q.rsplit_once(' ').filter(|(_, last)| last.len() > 4 && last.is_ascii()).map(|(head, last)| format!("{head} {}", &last[..3]));
            for q in std::iter::once(q.to_string()).chain(cut) {
                let page = s.search(&q, &SearchOptions { limit: 10, ..SearchOptions::default() }).unwrap();
                let long = s.search(&q, &SearchOptions { limit: 1000, ..SearchOptions::default() }).unwrap();
                let shown = |h: &digest_search::search::Hit<'_>| (h.id.to_string(), h.score, h.partial, h.title_highlights.clone(), h.snippet.clone());
                let head: Vec<_> = long.results.iter().take(10).map(shown).collect();
                assert_eq!(page.results.iter().map(shown).collect::<Vec<_>>(), head, "{q:?}: the first page differs from the head of a longer one");
                assert_eq!(page.total, long.total, "{q:?}: total");
                n += 1;
            }
        }
    }
    assert!(n >= 1000, "{n} queries");
}

#[test]
fn a_name_scoped_to_authors_matches_no_inflection() {
    // `author:mauri` ranked Anaëlle Maury among the Mauris: `maury` is an inflection of `mauri`
    // to the stemmer (y → i), and an inflection counts as the word itself. Names do not
    // inflect: scoped to authors, a word matches the name, its completions and its typos (below
    // every entry with the name, in a query of one word), never another form of it.
    let mut entries = vec![
        Entry { id: "maury".into(), title: "Dust evolution".into(), abstract_text: "Dust.".into(), authors: vec!["Anaelle Maury".into()], ..Entry::default() },
        Entry { id: "mauri".into(), title: "A theorem of Strassmann in several variables and more".into(), abstract_text: "Several variables, and a long abstract about them.".into(), authors: vec!["Guido Lido".into(), "Luca Mauri".into(), "Ann Other".into(), "Bo Third".into()], ..Entry::default() },
    ];
    for i in 0..200 {
        entries.push(Entry { id: format!("o{i}"), title: format!("Unrelated topic {i}"), abstract_text: "Nothing to see.".into(), authors: vec!["Cy Doe".into()], ..Entry::default() });
    }
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["author:mauri", "author:mauri "] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert_eq!(r.results.first().map(|h| h.id), Some("mauri"), "{q:?}");
    }
    // Unscoped, a word still matches its inflections in the text.
    let r = s.search("variable", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.first().map(|h| h.id), Some("mauri"));
}

#[test]
fn a_word_scoped_to_authors_is_not_found_in_the_text() {
    // `author:smith graph`: an entry whose title says "Smith" but whose authors do not lacks the
    // scoped word. Its title scan once counted it anyway, so re-ranking lifted the entry, a
    // partial match, above every entry with Smith among its authors, and highlighted "Smith" in
    // its title. Titles of varied lengths put it at every distance from the page's floor: the
    // first page must also be the head of a longer one (re-ranking leaves unread only the
    // candidates its bound says cannot reach the page).
    for pad in 0..12 {
        let filler = |n: usize| vec!["filler"; n].join(" ");
        let mut entries = vec![Entry { id: "a".into(), title: format!("Graph Smith {}", filler(pad % 6)), abstract_text: "About graph methods.".into(), authors: vec!["Ann Jones".into()], ..Entry::default() }];
        for i in 0..15 {
            entries.push(Entry { id: format!("b{i}"), title: format!("Study {i} {}", filler((i + pad) % 9)), abstract_text: format!("A graph {} study.", filler(i % 7)), authors: vec!["Bob Smith".into()], ..Entry::default() });
        }
        // Other entries, so that the query's words are rare enough to score.
        for i in 0..300 {
            entries.push(Entry { id: format!("o{i}"), title: format!("Unrelated topic {i}"), abstract_text: "Nothing to see.".into(), authors: vec!["Cy Doe".into()], ..Entry::default() });
        }
        let bytes = build_index(&entries, &mut |_| {});
        let s = Searcher::new(Index::open(&bytes).unwrap());
        for q in ["graph author:smith", "author:smith graph", "graph author:smi"] {
            let page = s.search(q, &SearchOptions { limit: 10, ..SearchOptions::default() }).unwrap();
            let long = s.search(q, &SearchOptions { limit: 1000, ..SearchOptions::default() }).unwrap();
            let ids = |r: &digest_search::search::SearchResponse<'_>| r.results.iter().take(10).map(|h| (h.id.to_string(), h.score)).collect::<Vec<_>>();
            assert_eq!(ids(&page), ids(&long), "{q:?} (pad {pad})");
            let a = long.results.iter().position(|h| h.id == "a").expect("a matches graph");
            assert!(long.results[a].partial && a > 0 && !long.results[0].partial, "{q:?} (pad {pad}): the entry without the author ranks {a}");
            assert!(long.results[a].title_highlights.iter().all(|&[start, _]| start == 0), "{q:?}: only Graph is highlighted in its title: {:?}", long.results[a].title_highlights);
        }
    }
}

#[test]
fn a_version_number_matches_as_one_word() {
    // `gpt 3.5` once matched `3` and `5` anywhere: "From GPT-3 to GPT-5" ranked above GPT-3.5,
    // and `qwen 2.5` put "256 experts" and "2 × 5" above Qwen2.5. A version (two numbers joined
    // by a `.`) now matches only whole, however the text writes it (`GPT-3.5-turbo`,
    // `Qwen2.5-VL`, `Spider 2.0`), and however the query types it (apart, joined, hyphenated).
    let entries = vec![
        doc("gpt35", "Code review with GPT-3.5-turbo", "We ask the model to review code."),
        doc("gpt3to5", "From GPT-3 to GPT-5: five model releases", "Three generations, 5 benchmarks."),
        doc("qwen25", "Qwen2.5-VL technical report", "A vision-language model."),
        doc("qwen256", "Qwen with 256 experts", "Routing 2 tokens over 5 layers."),
        doc("llama31", "Fine-tuning Llama-3.1-8B on tables", "Tables."),
        doc("llama3", "Llama 3 on tables, 1 table at a time", "Tables."),
        doc("spider", "Spider 2.0: enterprise text-to-SQL", "A benchmark."),
        doc("small", "Distilling reasoning into Qwen2.5-1.5B", "A 3.5x faster decoder."),
        doc("qwen15", "Qwen 1 and 5b reasoning parameters", "Faster, 3 times."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want, not_full) in [
        ("gpt 3.5", "gpt35", "gpt3to5"),
        ("gpt-3.5", "gpt35", "gpt3to5"),
        ("3.5 review", "gpt35", "gpt3to5"),
        ("qwen 2.5", "qwen25", "qwen256"),
        ("qwen2.5", "qwen25", "qwen256"),
        ("qwen-2.5 report", "qwen25", "qwen256"),
        ("llama 3.1 tables", "llama31", "llama3"),
        ("spider2.0", "spider", "gpt35"),
        // A unit after the dot (`1.5B`, `3.5x`) is part of the version.
        ("1.5b reasoning", "small", "qwen15"),
        ("3.5x faster", "small", "qwen15"),
    ] {
        let r = s.search(q, &SearchOptions { limit: 50, ..SearchOptions::default() }).unwrap();
        assert_eq!(r.results.first().map(|h| (h.id, h.partial)), Some((want, false)), "{q:?}");
        assert!(r.results.iter().all(|h| h.id != not_full || h.partial), "{q:?}: {not_full} is a full match");
    }
    // The title's highlight covers the version where the query typed it apart from the name.
    let r = s.search("qwen 2.5", &SearchOptions::default()).unwrap();
    assert_eq!(r.results[0].title_highlights, [[0, 7]], "`Qwen2.5` highlighted whole");
    // Numbers that are no version still match on their own.
    let r = s.search("gpt 3", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().any(|h| h.id == "gpt3to5" && !h.partial));
}

#[test]
fn a_symbol_written_against_a_word_is_one_word_with_it() {
    // `lambdacdm` found `$\Lambda$CDM` only as a partial match, after others: the `$` parted
    // the symbol from its word. As a reader sees it, `ΛCDM` is one word.
    let raw = vec![
        Entry { id: "a".into(), title: "Binned Hubble tension in $\\Lambda$CDM".into(), abstract_text: "Redshift bins.".into(), ..Entry::default() },
        Entry { id: "b".into(), title: "Lambda calculus for dark matter".into(), abstract_text: "Cold dark matter, CDM.".into(), ..Entry::default() },
    ];
    let entries: Vec<Entry> = raw.into_iter().map(|mut e| { e.title = digest_search::input::clean::clean_text(&e.title); e }).collect();
    assert_eq!(entries[0].title, "Binned Hubble tension in ΛCDM");
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["lambdacdm", "ΛCDM", "lambdacdm redshift"] {
        assert_eq!(ids(&s, q).first().map(String::as_str), Some("a"), "{q:?}");
    }
}

#[test]
fn a_compound_of_a_stop_word_and_a_letter_is_asked_for_joined() {
    // `AT&T` found nothing: a stop word and a letter being typed, both optional, left the
    // query asking for nothing, though the text's joined term `att` was there.
    let entries = vec![
        doc("att", "AT&T outage report", "The AT&T network was down for hours."),
        doc("at", "Attention at scale", "Tokens at a time."),
        doc("rd", "R&D spending", "Research."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["AT&T", "at&t", "AT-T"] {
        assert_eq!(ids(&s, q), ["att"], "{q:?}");
    }
    assert_eq!(ids(&s, "R&D"), ["rd"]);
    // Stop words alone still ask for nothing, and a letter begun after a word stays optional.
    assert!(ids(&s, "at").is_empty());
    assert_eq!(ids(&s, "outage r").first().map(String::as_str), Some("att"));
}

#[test]
fn a_version_of_three_numbers_matches_however_it_is_prefixed() {
    // A changelog's `v2.3.0`: the query `2.3.0` found nothing (its two versions, `2.3` and
    // `3.0`, each dropped for matching only part of the other), and `v2.3.0` only partial
    // matches, the wrong release first.
    let entries = vec![
        doc("v230", "v2.3.0 — 2024-05-01", "Adds dry run to deploy."),
        doc("v220", "v2.2.0 — 2024-04-01", "Faster glob matching."),
        doc("v210", "Release v2.1.0", "Signal safety."),
        doc("r3013", "Release 3.0.13", "Signal safety, again."),
        doc("gpt", "From GPT-2 to GPT-3: 0 shots", "Three models."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("2.3.0", "v230"), ("v2.3.0", "v230"), ("deploy 2.3.0", "v230"), ("3.0.13", "r3013"), ("v2.1.0", "v210")] {
        let r = s.search(q, &SearchOptions { limit: 50, ..SearchOptions::default() }).unwrap();
        assert_eq!(r.results.first().map(|h| (h.id, h.partial)), Some((want, false)), "{q:?}");
        // No other release holds the version, nor the numbers apart.
        assert!(r.results.iter().skip(1).all(|h| h.partial), "{q:?}: {:?}", r.results.iter().map(|h| (h.id, h.partial)).collect::<Vec<_>>());
    }
    // A number is not a version without its dot (`16` is not `1.6`).
    let entries = vec![doc("r310", "3.1.0 - 2024-10-10", "Faster builds."), doc("tofu", "Infra notes", "Uses OpenTofu 1.6 in CI."), doc("pg", "Postgres 16", "An upgrade.")];
    let bytes2 = with_unrelated(entries);
    let s2 = Searcher::new(Index::open(&bytes2).unwrap());
    let r = s2.search("3.1.0", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.first().map(|h| (h.id, h.partial)), Some(("r310", false)));
    let sixteen = ids(&s2, "16 ");
    assert_eq!(sixteen.first().map(String::as_str), Some("pg"));
    assert!(!sixteen.contains(&"tofu".to_string()), "{sixteen:?}");
    // The highlight covers the version as the title writes it.
    let r = s.search("2.3.0", &SearchOptions::default()).unwrap();
    assert_eq!(marked(r.results[0].title, &r.results[0].title_highlights), ["2.3.0"]);
}

#[test]
fn a_release_typed_with_its_v_finds_it_written_without() {
    // Keep a Changelog writes `## [0.4.0] - 2024-06-02`, and readers type `v0.4.0`, as the tags
    // and the compare links write it: the release was found only as a partial match (under the
    // widget's "Partial matches"), its `v` a word no entry held; in a changelog that writes both
    // (`v2.2.0` beside `2.3.1`), `v2.3.1` also brought every `v2.x` release as partial matches,
    // as many as the one asked for.
    let entries = vec![
        doc("040", "0.4.0", "Atom and RSS feeds as inputs."),
        doc("031", "0.3.1", "Focus ring in dark mode."),
        doc("231", "2.3.1", "fetchAll() no longer drops the last page."),
        doc("230", "2.3.0", "Streaming responses."),
        doc("v220", "v2.2.0", "Node 18 is now required."),
        doc("v210", "v2.1.0", "Typed errors."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("v0.4.0", "040"), ("V0.4", "040"), ("v0.3.1", "031"), ("v2.3.1", "231"), ("v2.2.0", "v220"), ("2.2.0", "v220"), ("v2.1", "v210")] {
        let r = s.search(q, &SearchOptions { limit: 50, ..SearchOptions::default() }).unwrap();
        let found: Vec<(&str, bool)> = r.results.iter().map(|h| (h.id, h.partial)).collect();
        assert_eq!(found.first(), Some(&(want, false)), "{q:?}: {found:?}");
        assert!(found[1..].iter().all(|&(id, partial)| partial && !id.starts_with('v')), "{q:?}: {found:?}");
    }
    // The highlight covers the version as the title writes it.
    let r = s.search("v2.3.1", &SearchOptions::default()).unwrap();
    assert_eq!(marked(r.results[0].title, &r.results[0].title_highlights), ["2.3.1"]);
    let r = s.search("v2.2.0", &SearchOptions::default()).unwrap();
    assert_eq!(marked(r.results[0].title, &r.results[0].title_highlights), ["2.2.0"]);
}

#[test]
fn a_name_typed_joined_to_a_number_finds_it_written_apart() {
    // `nifty50` found nothing where the text writes "NIFTY 50", and `rewardbench2` ranked
    // "RewardBench 2" below entries that name RewardBench and a 2 apart: the query held only
    // the joined term. A whole number typed joined to a name is now read as typed apart, and the
    // run of the two still matches the joined term. A completion of that term (`sam3d`, as the
    // query is typed) ranks below the term itself.
    let mut entries = vec![
        doc("nifty", "Sentiment analysis for NIFTY 50 returns", "Indian stocks."),
        doc("rb2", "RewardBench 2: evaluating reward models", "A benchmark."),
        doc("rb", "Reward models on RewardBench, trained twice", "Two runs, 2 seeds each."),
        doc("sam3", "Is SAM3 ready for pathology?", "Segmentation."),
        doc("sam3d", "Fast SAM3D for pathology", "Segmentation in 3D."),
        doc("mamba", "Mamba-2 for pathology", "A state-space model."),
        doc("three", "Segmentation in 3 steps", "Three steps, 3 models."),
        doc("gptimage", "GPT-Image-2 in the wild", "Generated pictures."),
        doc("image2gs", "Image2GS: masks make models great", "We turn an image into splats."),
    ];
    for i in 0..200 {
        // Images and twos are common: `image` and `2` are weak evidence, a rare compound strong.
        let text = if i % 2 == 0 { "An image in 2 views." } else { "Nothing to see here." };
        entries.push(doc(&format!("o{i}"), &format!("Unrelated topic {i}"), text));
    }
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("nifty50", "nifty"), ("nifty50 ", "nifty"), ("rewardbench2", "rb2"), ("sam3", "sam3"), ("sam3 pathology", "sam3"), ("mamba2", "mamba"), ("mamba 2", "mamba")] {
        assert_eq!(top(&s, q), Some((want, false)), "{q:?}");
    }
    // As typed (`sam3` last), the completion still matches, below the word itself.
    let r = s.search("sam3", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().any(|h| h.id == "sam3d" && !h.partial), "sam3 completes to sam3d");
    // The name's highlight: the two words where the text writes them apart.
    let r = s.search("nifty50", &SearchOptions::default()).unwrap();
    assert_eq!(r.results[0].title_highlights, [[23, 28], [29, 31]]);
    // The number only adds to the entries the name finds: an entry with a `3` and no SAM is no
    // match of `sam3`, not even a partial one, nor counted.
    let r = s.search("sam3", &SearchOptions { limit: 100, ..SearchOptions::default() }).unwrap();
    assert!(r.results.iter().all(|h| h.id != "three"), "an entry with only a 3 matches sam3");
    assert_eq!(r.total as usize, r.results.len());
    // A completion of a run that is no term (`image2gs` for `image2`) counts no more than its
    // words: the title that writes `Image-2` ranks above the one that names `Image2GS`.
    let r = s.search("image2", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.first().map(|h| h.id), Some("gptimage"));
}

#[test]
fn a_short_word_being_typed_is_no_rarer_than_its_completions() {
    // `zero-sh`, on the way to `zero-shot`, ranked first entries about the molecule SH: `sh` is a
    // rare word, and an entry that held it, partial, outscored every Zero-Shot title. Two or
    // three letters being typed stand for every word that starts with them: the word itself
    // counts no rarer than all of them together.
    let mut entries = vec![
        doc("sh1", "Detections of SH in the nebula", "SH lines."),
        doc("sh2", "SH chemistry", "The SH radical."),
        doc("zs1", "Zero-shot transfer for speech", "We study zero-shot transfer."),
        doc("zs2", "Zero-shot detection", "Zero-shot methods."),
    ];
    for i in 0..200 {
        let (title, text) = match i % 4 {
            0 => (format!("Results {i} show gains"), "We show that it works."),
            1 => (format!("Short note {i}"), "A short note that should help."),
            2 => (format!("Zero-shot study {i}"), "A zero-shot study."),
            _ => (format!("Unrelated topic {i}"), "Nothing to see here."),
        };
        entries.push(doc(&format!("o{i}"), &title, text));
    }
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["zero-sh", "zero sh", "zero-sho"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let top = r.results.first().map(|h| (h.title, h.partial));
        assert!(top.is_some_and(|(title, partial)| title.starts_with("Zero-shot") && !partial), "{q:?}: {top:?}");
    }
    // A longer word typed is more often the word meant: it keeps its own rarity.
    let r = s.search("chemistry", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.first().map(|h| h.id), Some("sh2"));
}

#[test]
fn a_short_word_is_not_another_word_with_an_e() {
    // The stemmer took the final `e` off every word of four letters, so `same` was an
    // inflection of `sam`, `care` of `car` and `rate` of `rat`: `sam video` ranked an entry that
    // says "the same video" as a full match. A short word keeps its `e` (as Porter's stemmer
    // does); its own forms still meet (`coding` and `code`).
    let entries = vec![
        doc("sam", "Video segmentation with SAM", "Masks for video."),
        doc("same", "The same video, seen twice", "Same frames, same video."),
        doc("car", "Car detection in traffic video", "Cars on roads."),
        doc("care", "Care in video consultations", "Health care and caring."),
        doc("coding", "Coding agents for video tools", "An agent writes code."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want, not_full) in [("sam video", "sam", "same"), ("car video", "car", "care"), ("cars video ", "car", "care")] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert_eq!(r.results.first().map(|h| (h.id, h.partial)), Some((want, false)), "{q:?}");
        assert!(r.results.iter().all(|h| h.id != not_full || h.partial), "{q:?}: {not_full} is a full match");
    }
    assert_eq!(top(&s, "code tools"), Some(("coding", false)), "code finds coding");
}

#[test]
fn a_name_typed_alone_finds_it_joined_to_a_number() {
    // `qwen 1.5b` did not match "Qwen2.5-1.5B" in full: the text holds `qwen2`, not `qwen`. A name
    // of three letters or more now also stands for itself joined to a number, as one of its own
    // forms; not for a word that goes on with letters (`graph2vec` is not `graph`).
    let entries = vec![
        doc("qwen", "Distilling reasoning into Qwen2.5-1.5B", "A small model."),
        doc("other", "Reasoning at 1.5B parameters", "Qwen is not named here, nor its size."),
        doc("sam", "Surgical video segmentation with SAM2", "Memory for video."),
        doc("g2v", "Graph2vec embeddings for video", "Whole-network embeddings."),
        doc("graph", "Graph embeddings for video", "Embeddings of graphs."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [("qwen 1.5b", "qwen"), ("sam video segmentation", "sam")] {
        assert_eq!(top(&s, q), Some((want, false)), "{q}");
    }
    let r = s.search("graph embeddings ", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().all(|h| h.id != "g2v" || h.partial), "graph2vec is no form of graph");
}

#[test]
fn a_word_that_slipped_on_its_first_letter_is_found() {
    // Every typo search keeps a word's first letter, so `vommunication` (a neighbouring key
    // struck for `c`) found nothing. A word the dictionary does not hold is now also tried with
    // its first letter struck on a neighbouring key, its first two letters swapped, or a letter
    // struck before it; the rest as typed.
    let entries = vec![
        doc("comm", "Distributed communication for training", "Gradients move between workers."),
        doc("cache", "Distributed caching of weights", "Cache lines and replicas."),
        doc("mural", "Mural painting restoration", "Pigments and walls."),
        doc("codes", "Closed codes and their duals", "Codes over rings."),
        doc("votes", "Votes of the council", "Counting the votes."),
        doc("fit", "Parametric fitting of curves", "Least squares."),
        doc("git", "Relative GIT quotients", "Stability conditions."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, want) in [
        ("vommunication distributed", "comm"),
        ("ocmmunication distributed", "comm"),
        ("vcommunication distributed", "comm"),
        ("distributed vommuni", "comm"),
        ("xaching distributed", "cache"),
        // `vodes` is one edit from `votes` keeping its first letter, and from `codes` by a
        // slip: the other word tells them apart.
        ("vodes closed", "codes"),
        // What the stemmer makes of a word that is none (`gitting` → `git`) does not stop it.
        ("parametric gitting", "fit"),
    ] {
        assert_eq!(top(&s, q), Some((want, false)), "{q}");
    }
    let r = s.search("vommunication distributed", &SearchOptions::default()).unwrap();
    let hit = &r.results[0];
    let marked: Vec<&str> = hit.title_highlights.iter().map(|&[a, b]| &hit.title[a as usize..b as usize]).collect();
    assert_eq!(marked, ["Distributed", "communication"]);
    // Not any letter: `p` is nowhere near `c`.
    assert_eq!(top(&s, "pommunication distributed").map(|t| t.1), Some(true), "pommunication");
    // A word the dictionary holds keeps its meaning: `mural ` is not `rural` or `nural`.
    let r = s.search("mural ", &SearchOptions::default()).unwrap();
    assert_eq!(r.results.iter().map(|h| h.id).collect::<Vec<_>>(), ["mural"]);
    // So does a word being typed that starts some words many entries hold; one whose every
    // completion is rare (the surname `Natterer`, one entry in 2,000) may have slipped.
    let entries = vec![
        doc("matter", "Asymmetric dark matter", "Relic density."),
        Entry { authors: vec!["Frank Natterer".into()], ..doc("natterer", "Tomography", "Radon transforms.") },
    ];
    let bytes = with_unrelated_n(entries, 2100);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "asymmetric natter"), Some(("matter", false)));
}

#[test]
fn a_title_that_holds_the_words_as_typed_ranks_above_one_with_other_forms() {
    // Two titles hold both words, one as typed (`policy`) and one in another form (`policies`),
    // with one of them in its abstract too: a reader who types `policy harvesting` recalls the
    // first. Typing the other form turns the order round. A word typed wrong has no form as
    // typed: a typo in it does not count against a title.
    let entries = vec![
        doc("as-typed", "Policy optimization for energy harvesting cells", "We learn when to push content."),
        doc("other", "Transmission policies for energy harvesting devices", "Devices store energy from harvesting."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "policy harvesting"), Some(("as-typed", false)));
    assert_eq!(top(&s, "policies harvesting"), Some(("other", false)));
    assert_eq!(top(&s, "policy harvestign"), Some(("as-typed", false)));
}

#[test]
fn words_that_stand_together_in_another_form_stand_apart_for_proximity() {
    // `profiles voids`: one title holds both words as typed, four words apart; the other holds
    // `void`, another form, beside `profiles`, and `voids` in its abstract, which plain scores
    // favour. Standing together in another form is not the phrase a reader recalls: the word
    // in another form counts one word further off, as words in another order do. Typed in the
    // other's form, the other comes first.
    let entries = vec![
        doc("as-typed", "Velocity profiles of matter in voids", "We follow how matter flows out of them."),
        doc("other", "Void profiles in modified gravity", "Voids trace the theory of gravity at large scales, and we discuss it."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "profiles voids"), Some(("as-typed", false)));
    assert_eq!(top(&s, "void profiles"), Some(("other", false)));
}

#[test]
fn an_entry_that_holds_every_word_as_typed_ranks_above_one_with_another_form() {
    // Both hold `puzzles` in their titles; one holds `contributes` in its abstract, the other
    // only `contributing`, in a shorter entry that plain scores favour. A reader recalls the
    // words as the entry wrote them: typing either form puts its entry first. A possessive is
    // its word as typed.
    let entries = vec![
        doc("as-typed", "Puzzles of flavour in meson decays", "New physics contributes to them."),
        doc("other", "Flavour puzzles", "A new term contributing to it."),
        doc("possessive", "Benford's law in tax records", "We audit returns."),
        doc("plural", "Benfords and their laws", "We audit returns in records."),
        doc("scene", "Contact-aware human scene capture", "From one video."),
        doc("scenarios", "Robust contact perception in scenarios", "Contact in many scenes of a video."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "puzzles contributes"), Some(("as-typed", false)));
    assert_eq!(top(&s, "puzzles contributing"), Some(("other", false)));
    assert_eq!(top(&s, "benford records"), Some(("possessive", false)));
    // The word being typed is as typed in every word that starts with it: `scene` is also a
    // form of the stem of `scen`.
    assert_eq!(top(&s, "contact scen"), Some(("scene", false)));
}

#[test]
fn a_word_typed_alone_far_rarer_than_its_forms_finds_itself_first() {
    // `condense`, the name of one entry, has the stem of `condensed`, which many entries hold:
    // scored with its forms, under their idf, it came after every short text on condensed
    // matter. Typed alone and far rarer, it scores under its own idf. A word about as common
    // as its forms still finds them (`phase` finds `phases`).
    let mut entries = vec![doc("name", "CONDENSE: a reconfigurable knowledge acquisition architecture for the internet of things", "Data from devices.")];
    for i in 0..12 {
        entries.push(doc(&format!("c{i}"), &format!("Condensed phases {i}"), "Condensed matter, condensed."));
    }
    for i in 0..3 {
        entries.push(doc(&format!("p{i}"), &format!("Phase {i}"), "One phase."));
    }
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["condense", "condense "] {
        assert_eq!(top(&s, q), Some(("name", false)), "{q:?}");
    }
    let r = s.search("phase ", &SearchOptions { limit: 20, ..SearchOptions::default() }).unwrap();
    assert_eq!(r.total, 15);
    // A word of a longer query keeps scoring with its forms.
    assert!(s.search("condense phases", &SearchOptions::default()).unwrap().results[0].id.starts_with('c'));
}

#[test]
fn a_variant_letter_is_its_letter() {
    // `\varepsilon` reads as `ε` in math; typed as a word, `varepsilon` finds it.
    let entries = vec![doc("a", "Removal lemmas", &digest_search::input::clean::clean_text("A graph $\\varepsilon$-far from free."))];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["varepsilon", "epsilon", "ε", "lemmas varepsilon"] {
        assert_eq!(top(&s, q), Some(("a", false)), "{q}");
    }
}

#[test]
fn words_in_the_order_typed_stand_closer_than_the_same_words_reversed() {
    // Two titles hold the two words side by side, in the order typed and reversed; the second
    // has more of them in its abstract. A reader types a title's words in its order: the words
    // in another order count as one word further apart.
    let entries = vec![
        doc("in-order", "Depth subgroups of finite groups", "We study them."),
        doc("reversed", "Subgroups depth for finite groups", "The depth of each."),
    ];
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "depth subgroups"), Some(("in-order", false)));
    assert_eq!(top(&s, "subgroups depth"), Some(("reversed", false)));
}

/// One letter of a word being typed (`diffusion p`) matches nothing by itself (completions
/// start at two letters) and is not required, so the entries found stay those of the other
/// words; among the first of them, those whose title has another word that starts with the
/// letter go up. The same holds after two words (re-ranking's own pass).
#[test]
fn a_letter_begun_lifts_the_entries_whose_title_has_a_word_starting_with_it() {
    let bytes = with_unrelated(vec![
        doc("samplers", "Diffusion samplers", "Diffusion, diffusion and more diffusion: sampling fast."),
        doc("protein", "Diffusion for protein design", "We apply diffusion to design."),
        doc("kernel-fast", "Kernel smoothing estimators made fast", "Kernel smoothing, kernel smoothing again, and kernel smoothing."),
        doc("kernel-robust", "Kernel smoothing for robust regression", "Kernel smoothing once."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let first = |q: &str| top(&s, q).map(|(id, partial)| (id.to_string(), partial));
    let total = |q: &str| s.search(q, &SearchOptions::default()).unwrap().total;
    for (words, plain, letter, lifted) in [("diffusion", "samplers", "p", "protein"), ("kernel smoothing", "kernel-fast", "r", "kernel-robust")] {
        assert_eq!(first(words), Some((plain.to_string(), false)), "{words}: the entry that holds the words most");
        let q = format!("{words} {letter}");
        assert_eq!(first(&q), Some((lifted.to_string(), false)), "{q}: the title with a word in {letter}");
        assert_eq!(total(&q), total(words), "{q}: the letter finds no entry by itself");
        // A letter that no title word other than the query's starts with changes nothing.
        assert_eq!(first(&format!("{words} z")), Some((plain.to_string(), false)), "{words} z");
    }
    // Nor does a stop word that starts with it (`for`): a reader does not type those.
    assert_eq!(first("diffusion f"), Some(("samplers".to_string(), false)), "diffusion f");
}

/// A letter begun lifts a title by how rare its word that starts with the letter is: a reader
/// who types `graph m` after recalling a title's telling word means the entry whose `m…` word
/// few entries hold (`molecules`) over one whose `m…` words are everywhere (`methods`, `made`),
/// as a completion of a longer prefix scores under its own idf.
#[test]
fn a_letter_begun_lifts_a_title_the_more_the_rarer_its_word() {
    let mut entries = vec![
        doc("common", "Graph methods made simple", "Graph, graph, graph and graph again."),
        doc("rare", "Graph molecules of interstellar dust clouds", "A graph."),
    ];
    for i in 0..40 {
        entries.push(doc(&format!("m{i}"), &format!("Methods made practical {i}"), "Nothing to see here."));
    }
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "graph"), Some(("common", false)), "graph: the entry that holds it most");
    assert_eq!(top(&s, "graph m"), Some(("rare", false)), "graph m: the title whose m… word is rare");
    assert_eq!(top(&s, "graph z"), Some(("common", false)), "graph z: no title word in z");
}

/// Two letters typed after a word stand for their most frequent completions; a title whose
/// rarer word starts with them (not listed) goes up too, less than for one letter.
#[test]
fn two_letters_begun_lift_a_title_whose_rare_word_starts_with_them() {
    let mut entries = vec![
        doc("listed", "Graph motion made simple", "Graph, graph and graph again, in motion."),
        doc("rare", "Graph molecules of interstellar dust clouds", "A graph."),
    ];
    // Thirty words in `mo` more frequent than `molecules`: the search lists the first twenty.
    let mo = ["mobile", "modal", "mode", "model", "modern", "modest", "modify", "module", "moist", "molar", "moment", "monad", "money", "monitor", "monk", "monoid", "month", "moral", "morph", "mortal", "mosaic", "motion", "motive", "motor", "mount", "mouse", "mouth", "movie", "mower", "mocha"];
    for (i, w) in mo.iter().enumerate() {
        for k in 0..3 {
            entries.push(doc(&format!("f{i}-{k}"), &format!("A {w} study {k}"), "Nothing to see here."));
        }
    }
    let bytes = with_unrelated(entries);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "graph"), Some(("listed", false)), "graph: the entry that holds it most");
    assert_eq!(top(&s, "graph mo"), Some(("rare", false)), "graph mo: the title whose mo… word is rare");
}

#[test]
fn a_phrase_word_is_highlighted_where_it_stands_in_the_phrase_only() {
    let bytes = with_unrelated(vec![
        doc("a", "Model Compression for Large Language Models", "A model of language: we compress language models, and a model."),
        doc("b", "Foundation Models for Natural Language Processing: Pre-trained Language Models", "Language and models apart."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["\"language models\"", "title:\"language models\""] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let mut ids: Vec<&str> = r.results.iter().map(|h| h.id).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b"], "{q}");
        for h in &r.results {
            assert_eq!(marked(h.title, &h.title_highlights), ["Language Models"], "{q}: {}", h.title);
        }
    }
    let r = s.search("\"language models\"", &SearchOptions::default()).unwrap();
    let a = r.results.iter().find(|h| h.id == "a").unwrap();
    assert_eq!(marked(&a.snippet.text, &a.snippet.highlights), ["language models"], "{}", a.snippet.text);
    // A word also typed outside the phrase is highlighted wherever it stands.
    let r = s.search("\"language models\" model", &SearchOptions::default()).unwrap();
    let a = r.results.iter().find(|h| h.id == "a").unwrap();
    assert_eq!(marked(a.title, &a.title_highlights), ["Model", "Language Models"]);
}

#[test]
fn a_stop_word_typed_last_counts_where_it_stands() {
    // `with` is being typed (no space after it): it may yet become `within`, whose entries it
    // finds, but the title that holds `with` itself is no partial match for it.
    let bytes = with_unrelated(vec![
        doc("gcn", "Semi-Supervised Classification with Graph Convolutional Networks", "We present a scalable approach for graph-structured data."),
        doc("metric", "Semi-supervised deep learning by metric embedding", "Classification within a metric space, without many labels, withstanding noise."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(top(&s, "semi-supervised classification with"), Some(("gcn", false)));
    // The completions still count: `within` is a full match too.
    let r = s.search("semi-supervised classification with", &SearchOptions::default()).unwrap();
    assert!(r.results.iter().any(|h| h.id == "metric" && !h.partial));
}

/// The scoring loop's BM25F sum (`rank::bm25f_raw`: factors looked up by length code, for the
/// fields a posting is in only, over the posting packed) is the value `rank::bm25f` gives, the one `explain` shares out,
/// to the bit: for every posting of every title word of the sample, in every choice of fields.
#[test]
fn the_scoring_loops_bm25f_is_the_explained_one() {
    use digest_search::search::rank;
    let entries = sample();
    let bytes = build_index(&entries, &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    let table = rank::factor_table(&index);
    let mut words: Vec<String> = entries.iter().flat_map(|e| e.title.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>()).filter(|w| w.len() > 2).collect();
    words.sort();
    words.dedup();
    let (mut postings, mut fields_seen) = (0, 0u8);
    for w in &words {
        let Some(value) = index.term(w.as_bytes()) else { continue };
        // The loop reads them packed (`Postings::next_packed`); `explain`, as `Posting`s.
        let mut packed = index.postings(value);
        for p in index.postings(value) {
            postings += 1;
            fields_seen |= p.fields;
            let q = packed.next_packed().unwrap();
            assert_eq!((q.doc, q.fields, std::array::from_fn(|f| q.tf(f))), (p.doc, p.fields, p.tf));
            for fields in 1..16u8 {
                let looped = rank::saturate(rank::bm25f_raw(&table, u32::from_le_bytes(index.doc_len_codes(p.doc)), &q, fields));
                let explained = rank::bm25f(&rank::doc_factors(&index, p.doc), &p, fields);
                assert_eq!(looped.to_bits(), explained.to_bits(), "{w} in entry {} (fields {fields:04b})", p.doc);
            }
        }
    }
    assert!(postings > 2_000 && fields_seen & 0b11 == 0b11, "{postings} postings, fields {fields_seen:04b}");
}

/// Reads the postings of `value` by blocks (`Postings::next_block`), as the scoring loop does,
/// asking for the frequencies of the postings `used` picks (by their place in the list) and
/// passing over the rest: per posting, its document, its flag byte and, when used, what
/// `Postings::posting` gives. Checks the bits the blocks mark against `marks`.
fn read_by_blocks(index: &Index<'_>, value: u64, used: &dyn Fn(usize) -> bool, marks: &[u64]) -> Vec<(u32, u8, Option<digest_search::index::read::PackedPosting>)> {
    use digest_search::index::read::POSTINGS_BLOCK;
    let mut postings = index.postings(value);
    let mut docs = [0u32; POSTINGS_BLOCK];
    let mut out = Vec::new();
    loop {
        let (first, flags, marked) = postings.next_block(&mut docs, marks);
        if flags.is_empty() {
            return out;
        }
        for (i, &doc) in docs[..flags.len()].iter().enumerate() {
            assert_eq!(marked >> i & 1 != 0, marks.get(doc as usize / 64).is_some_and(|w| w >> (doc % 64) & 1 != 0), "entry {doc} marked");
        }
        assert!(flags.len() <= POSTINGS_BLOCK);
        for (i, (&doc, &flag)) in docs.iter().zip(flags).enumerate() {
            let p = used(out.len()).then(|| postings.posting(doc, first + i, flag));
            out.push((doc, flag, p));
        }
    }
}

/// A term's POSTINGS record decoded as `docs/index-format.md` lays it out, one step at a time
/// (the reference the reader is checked against): per posting, its document, its flag byte and
/// its frequencies by field.
fn decode_record(postings: &[u8], offset: usize) -> Vec<(u32, u8, [u16; 4])> {
    use digest_search::index::format::{get_varint, POSTING_TF};
    let mut pos = offset;
    let count = get_varint(postings, &mut pos).unwrap() as usize;
    if count > 1 {
        get_varint(postings, &mut pos).unwrap();
    }
    let mut docs = Vec::new();
    let mut doc = 0u64;
    for _ in 0..count {
        doc += get_varint(postings, &mut pos).unwrap();
        docs.push(doc as u32);
    }
    let flags = &postings[pos..pos + count];
    let mut tf_pos = pos + count;
    docs.iter()
        .zip(flags)
        .map(|(&doc, &flag)| {
            let tf = std::array::from_fn(|f| match (flag & 1 << f != 0, flag & POSTING_TF != 0) {
                (false, _) => 0,
                (true, false) => 1,
                (true, true) => get_varint(postings, &mut tf_pos).unwrap() as u16,
            });
            (doc, flag, tf)
        })
        .collect()
}

/// The scoring loop reads postings by blocks (`Postings::next_block`), and the frequencies of
/// only the postings it uses, skipping those of the postings it passes over; the iterator reads
/// blocks of one. Both give each term's postings as its record holds them (decoded step by
/// step, `decode_record`), whichever postings are used: over the sample, and over lists with
/// frequencies of 128 and more (two-byte varints, skipped and read), gaps of two bytes and of
/// three, and lists of many blocks.
#[test]
fn postings_read_by_blocks_are_the_records() {
    use digest_search::index::format::{self, section_rows, POSTING_TF};
    // 20,000 entries: every 7th holds `spread` (a list of many blocks), every 300th `sparse`
    // (gaps of two bytes), `far` is in the first and the last (a gap past 2^14), and some hold a
    // word many times (frequencies past 127).
    let mut entries: Vec<Entry> = (0..20_000)
        .map(|i: usize| {
            let mut abstract_text = format!("Entry {} of the set.", i % 13);
            if i % 7 == 0 {
                abstract_text.push_str(" spread");
            }
            if i % 11 == 0 {
                abstract_text.push_str(&" often".repeat(1 + i % 300));
            }
            if i % 5 == 0 {
                abstract_text.push_str(&" spread".repeat(i % 3));
            }
            if i % 300 == 0 {
                abstract_text.push_str(" sparse");
            }
            Entry { id: format!("e{i}"), title: format!("Title {} {}", i % 17, if i % 3 == 0 { "often" } else { "rarely" }), abstract_text, ..Entry::default() }
        })
        .collect();
    entries[0].title.push_str(" far");
    entries[19_999].title.push_str(" far");
    for (entries, big) in [(sample(), false), (entries, true)] {
        let bytes = build_index(&entries, &mut |_| {});
        let index = Index::open(&bytes).unwrap();
        let row = section_rows(&bytes).find(|r| r.kind == format::section::POSTINGS).unwrap();
        let section = &bytes[row.offset..row.offset + row.len];
        let mut values = Vec::new();
        index.for_each_term(&mut |_, v| values.push(v));
        let (mut counted, mut tf_skipped, mut tf_wide, mut gap_two, mut gap_wide) = (0, 0, 0, 0, 0);
        // Entries marked: every fifth, but those past the marks (the last 64 and fewer).
        let marks: Vec<u64> = (0..entries.len().div_ceil(64) - 1).map(|_| 0x0842_1084_2108_4210).collect();
        // Every posting used, none, every third, and runs of them (a posting used after many
        // passed over, frequencies of their own among them).
        let patterns: [&dyn Fn(usize) -> bool; 4] = [&|_| true, &|_| false, &|i| i % 3 == 1, &|i| (i / 50) % 4 == 3];
        for &value in &values {
            let record = decode_record(section, Index::split_value(value).0);
            counted += record.len();
            gap_two += record.windows(2).filter(|w| (128..1 << 14).contains(&(w[1].0 - w[0].0))).count();
            gap_wide += record.windows(2).filter(|w| w[1].0 - w[0].0 >= 1 << 14).count();
            tf_wide += record.iter().filter(|p| p.2.iter().any(|&f| f >= 128)).count();
            let packed = |(doc, flag, tf): (u32, u8, [u16; 4])| digest_search::index::read::PackedPosting { doc, tf: (0..4).map(|f| u64::from(tf[f]) << (16 * f)).sum(), fields: flag & 0xf };
            let iterated: Vec<_> = {
                let mut it = index.postings(value);
                std::iter::from_fn(|| it.next_packed()).collect()
            };
            assert_eq!(iterated, record.iter().copied().map(packed).collect::<Vec<_>>(), "the iterator");
            for used in patterns {
                let blocks = read_by_blocks(&index, value, used, &marks);
                assert_eq!(blocks.len(), record.len(), "postings of a list");
                for (k, ((doc, flag, p), want)) in blocks.iter().zip(&record).enumerate() {
                    assert_eq!((*doc, *flag), (want.0, want.1), "posting {k}: document and flags");
                    match p {
                        Some(p) => assert_eq!(*p, packed(*want), "posting {k}: frequencies"),
                        None => tf_skipped += usize::from(flag & POSTING_TF != 0 && (k + 1..blocks.len()).any(|j| used(j) && blocks[j].1 & POSTING_TF != 0)),
                    }
                }
            }
        }
        assert!(tf_skipped > 100, "frequencies skipped before a read: {tf_skipped}");
        if big {
            assert!(counted > 100_000 && tf_wide > 10 && gap_two > 10 && gap_wide > 0, "{counted} postings; frequencies past 127: {tf_wide}, gaps of two bytes: {gap_two}, past 2^14: {gap_wide}");
        } else {
            assert!(values.len() > 1_000 && counted > 5_000, "{} lists, {counted} postings", values.len());
        }
    }
}

/// A lazily filled index copies a range's blocks in by runs: one call of the fill for a run of
/// neighbouring blocks not in place yet (in the browser each call goes into JS), and never a
/// block twice once it is checked.
#[test]
fn blocks_are_filled_by_runs_once_each() {
    use digest_search::index::format::{self, section_rows};
    use std::cell::RefCell;
    use std::rc::Rc;
    // 6,000 entries that all hold `common`: its postings take several blocks.
    let words = ["graph", "neural", "network", "kernel", "sparse", "signal", "quantum", "lattice"];
    let entries: Vec<Entry> = (0..6_000)
        .map(|i: usize| Entry { id: format!("e{i}"), title: format!("A common {} {} study", words[i % 8], words[(i / 8) % 8]), abstract_text: format!("Common methods, {} in {}.", words[(i * 3) % 8], i % 97), ..Entry::default() })
        .collect();
    let bytes = build_index(&entries, &mut |_| {});
    let postings = section_rows(&bytes).find(|r| r.kind == format::section::POSTINGS).unwrap();
    let fills: Rc<RefCell<Vec<(usize, usize)>>> = Rc::default();
    let noted = fills.clone();
    let index = Index::open_lazy(&bytes, Rc::new(move |off, len| noted.borrow_mut().push((off, len)))).unwrap();
    // The commonest term's postings: a list of several blocks, read from start to end.
    let mut commonest = (0u64, 0u32);
    index.for_each_term(&mut |_, v| {
        let df = Index::split_value(v).1;
        if df > commonest.1 {
            commonest = (v, df);
        }
    });
    fills.borrow_mut().clear();
    let n = index.postings(commonest.0).count();
    assert_eq!(n, commonest.1 as usize);
    let in_postings: Vec<(usize, usize)> = fills.borrow().iter().copied().filter(|&(off, _)| (postings.offset..postings.offset + postings.len).contains(&off)).collect();
    assert!(in_postings.iter().any(|&(_, len)| len > 2 * format::BLOCK_LEN), "a run of blocks in one call: {in_postings:?}");
    assert!(in_postings.len() <= 3, "the list's gaps and flags in one run, its frequencies in at most two more: {in_postings:?}");
    // Read again: every block is in place and checked, nothing is filled.
    fills.borrow_mut().clear();
    assert_eq!(index.postings(commonest.0).count(), n);
    assert!(fills.borrow().is_empty(), "filled again: {:?}", fills.borrow());
    // Runs of one search do not overlap.
    let searcher = Searcher::new(index);
    fills.borrow_mut().clear();
    searcher.search("graph neural network", &SearchOptions::default()).unwrap();
    let mut runs = fills.borrow().clone();
    runs.sort();
    assert!(!runs.is_empty() && runs.windows(2).all(|w| w[0].0 + w[0].1 <= w[1].0), "overlapping fills: {runs:?}");
}

#[test]
fn a_compound_completed_from_the_letters_typed_is_highlighted_as_far_as_they_reach() {
    let bytes = with_unrelated(vec![
        doc("z", "Revisiting Zeroth-Order Optimization", "A zeroth-order benchmark for fine-tuning."),
        doc("d", "DPM-Solver: a Fast ODE Solver", "Sampling in ten steps."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let title_marks = |q: &str, id: &str| -> Vec<String> {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{q}: no {id}"));
        marked(h.title, &h.title_highlights)
    };
    // `zer`, `zero`, `zeroth` reach into `Zeroth` only, though `zerothorder` is among their completions.
    for q in ["zer", "zero", "zeroth"] {
        assert_eq!(title_marks(q, "z"), ["Zeroth"], "{q}");
    }
    // Letters that reach into the second part, or both words typed, mark the compound whole.
    for q in ["zerothor", "zeroth ord", "zeroth order", "zerothorder"] {
        assert_eq!(title_marks(q, "z"), ["Zeroth-Order"], "{q}");
    }
    assert_eq!(title_marks("dpmsol", "d"), ["DPM-Solver", "Solver"]);
    assert_eq!(title_marks("dpmso", "d")[0], "DPM-Solver");
}

#[test]
fn an_offset_past_any_index_is_an_empty_page_not_a_panic() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["language", "\"language model\"", "language -model", "title:language"] {
        let first = s.search(q, &SearchOptions::default()).unwrap();
        for offset in [usize::MAX, usize::MAX / 2, usize::MAX - 5] {
            let far = s.search(q, &SearchOptions { offset, ..Default::default() }).unwrap();
            assert!(far.results.is_empty(), "{q} at {offset}");
            assert_eq!(far.total, first.total, "{q} at {offset}");
        }
    }
    // Out-of-range arguments of the reader's public accessors answer, not panic.
    let index = Index::open(&bytes).unwrap();
    assert_eq!(index.avg_len(9), 0.0);
    // The header's checksum names what it covers.
    let mut bad = bytes.clone();
    bad[16] ^= 1;
    assert_eq!(Index::open(&bad).err().unwrap().to_string(), "index is corrupted: checksum mismatch in the header and section table");
}

#[test]
fn a_stop_word_is_not_split_or_read_as_a_typo() {
    // Stop words are not in the dictionary: `without` was split into `wit` and `hout` (words of
    // another entry) in a phrase, so a phrase with it found nothing, and a phrase with it left
    // out left nothing out; typed last, `this` matched its typos `thus` and `these` in full,
    // and `without`, which no term completes, left every entry partial (and, with
    // completions, an entry that held it in its abstract only stayed partial).
    let bytes = with_unrelated(vec![
        doc("cut", "The Boltzmann equation without cut-off", "Solutions of the Boltzmann equation without angular cut-off."),
        doc("clean", "Training without noise", "We train networks without injected noise."),
        doc("noisy", "Noise in training", "Noise helps."),
        doc("labels", "Training deep networks", "We train them without labels."),
        doc("bay", "Wit and humour at Hout Bay", "Stories."),
        doc("this", "What disease does this patient have?", "Questions from medical exams."),
        doc("thus", "Disease spread, thus modelled", "Epidemics and these models."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(full_ids(&s, "\"equation without cut\""), ["cut"]);
    assert_eq!(full_ids(&s, "title:\"without noise\""), ["clean"]);
    assert_eq!(ids(&s, "-\"without noise\" noise"), ["noisy"]);
    // Typed last, a stop word counts where it stands in an entry's text, and as nothing else.
    let mut full = full_ids(&s, "training without");
    full.sort();
    assert_eq!(full, ["clean", "labels"]);
    assert_eq!(full_ids(&s, "disease this"), ["this"]);
}

#[test]
fn a_formula_with_decimal_subscripts_typed_as_written_is_found_in_full() {
    // `La0.7Sr0.3MnO3`: `7sr0`, a part after a dot, was read as the name `7sr` and the number
    // `0`, which no entry holds: the entry with the formula was only a partial match.
    let bytes = with_unrelated(vec![
        doc("lsmo", "Ultrafast spin dynamics in La0.7Sr0.3MnO3 films", "Thin films of the manganite."),
        doc("fst", "Superconductivity of FeSe0.5Te0.5 under strain", "Iron chalcogenides."),
        doc("wsi", "Detectors of W0.8Si0.2 nanowires", "Single photons."),
        doc("other", "Manganite films", "La and Sr doping, 0.7 and 0.3."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, id) in [("La0.7Sr0.3MnO3", "lsmo"), ("la0.7sr0.3mno3 films", "lsmo"), ("FeSe0.5Te0.5", "fst"), ("W0.8Si0.2 ", "wsi")] {
        assert_eq!(full_ids(&s, q), [id], "{q}");
    }
}

#[test]
fn two_names_with_numbers_that_share_the_name_each_narrow_it() {
    // `ipv4 ipv6` is `ipv 4 ipv 6`: the second `ipv`, a word typed twice, was dropped, and `6`
    // stood alone (a digit being typed, or a number any entry may hold), so the entry with
    // `IPv4` alone was a full match or the entry with both partial, and `qwen2 qwen3` found
    // `2 3` in `23`.
    let bytes = with_unrelated(vec![
        doc("both", "From IPv4 to IPv6", "Migrating networks."),
        doc("four", "IPv4 address exhaustion", "Addresses ran out."),
        doc("qwen", "Qwen2 and Qwen3 compared", "Two model families."),
        doc("tasks", "Qwen models on 23 tasks", "Benchmarks."),
        doc("cifar", "Training on CIFAR10 and CIFAR100", "Image classification."),
        doc("ten", "CIFAR10 alone", "Image classification."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["ipv4 ipv6", "ipv4 ipv6 "] {
        assert_eq!(full_ids(&s, q), ["both"], "{q:?}");
    }
    assert_eq!(full_ids(&s, "qwen2 qwen3 "), ["qwen"]);
    assert_eq!(full_ids(&s, "cifar10 cifar100 "), ["cifar"]);
}

#[test]
fn a_compound_left_out_is_left_out_whole_and_a_scope_left_out_is_a_scope() {
    // `-state-space` left out every entry with `state` or `space`; `-title:deep` every entry
    // with the word `title` (and `deep` anywhere).
    let bytes = with_unrelated(vec![
        doc("hyphen", "Quantum state-space models", "Dynamics."),
        doc("joined", "Quantum statespace search", "Dynamics."),
        doc("apart", "Quantum state space of qubits", "Dynamics."),
        doc("state", "Quantum state tomography", "Outcomes in a large space."),
        doc("space", "Quantum space travel", "Engines."),
        doc("deep", "Deep quantum circuits", "Circuits."),
        doc("abstract", "Quantum circuits", "Deep circuits."),
        doc("title", "A title for quantum search", "Names."),
    ]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let sorted = |q: &str| {
        let mut ids = ids(&s, q);
        ids.sort();
        ids
    };
    assert_eq!(sorted("quantum -state-space"), ["abstract", "deep", "space", "state", "title"]);
    assert_eq!(sorted("quantum -title:deep"), ["abstract", "apart", "hyphen", "joined", "space", "state", "title"]);
    assert_eq!(sorted("quantum -title:\"state space\""), ["abstract", "deep", "joined", "space", "state", "title"]);
}

#[test]
fn a_word_scoped_to_the_title_is_highlighted_in_the_title_only() {
    // `title:topological semiconductor` marked "topological" in the abstract's snippet too, as
    // `title:"topological phases"` did the phrase: the title's terms were looked for there.
    let bytes = with_unrelated(vec![doc("t", "Topological phases of matter", "A semiconductor with topological phases in its bands.")]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for (q, title) in [("title:topological semiconductor", ["Topological"]), ("title:\"topological phases\" semiconductor", ["Topological phases"])] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = &r.results[0];
        assert_eq!((h.id, h.partial), ("t", false), "{q}");
        assert_eq!(marked(h.title, &h.title_highlights), title, "{q}");
        assert_eq!(marked(&h.snippet.text, &h.snippet.highlights), ["semiconductor"], "{q}");
    }
}

#[test]
fn a_stop_word_left_out_leaves_out_the_entries_that_hold_it() {
    // `learning -without` returned the entries with "without": a stop word has no postings,
    // so the word left out matched none. It is checked on the text, as a phrase left out is.
    let entries = read_inputs(&["tests/fixtures/trending-papers.jsonl"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let has = |text: &str, word: &str| text.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == word);
    let all = SearchOptions { limit: 1000, ..SearchOptions::default() };
    let results = |q: &str| s.search(q, &all).unwrap().results;
    let by_id = |id: &str| entries.iter().find(|e| e.id == id).unwrap();
    // Some entries about learning hold "without" (in an abstract), so the minus has work to do.
    assert!(results("learning").iter().any(|h| has(&by_id(h.id).abstract_text, "without")));
    let kept = results("learning -without");
    assert!(!kept.is_empty());
    for h in &kept {
        let e = by_id(h.id);
        assert!(!has(&e.title, "without") && !has(&e.abstract_text, "without"), "{}", e.title);
    }
    // Scoped, only that field counts: no title with "with", abstracts with it stay.
    let kept = results("learning -title:with");
    assert!(results("learning").iter().any(|h| has(h.title, "with")));
    assert!(kept.iter().all(|h| !has(h.title, "with")));
    assert!(kept.iter().any(|h| has(&by_id(h.id).abstract_text, "with")));
}

#[test]
fn a_keycap_is_highlighted_whole() {
    // `1️⃣` is a digit, U+FE0F and U+20E3: the mark of the digit ended before the variation
    // selector, inside the grapheme, which left the keycap's frame outside it.
    let bytes = with_unrelated(vec![doc("k", "Step 1\u{fe0f}\u{20e3} of the keycap plan", "First 2\u{fe0f}\u{20e3} keycap steps.")]);
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let one = "1\u{fe0f}\u{20e3}";
    let two = "2\u{fe0f}\u{20e3}";
    for (q, title, snippet) in [(format!("{one} keycap"), vec![one, "keycap"], vec!["keycap"]), (format!("keycap {two}"), vec!["keycap"], vec![two, "keycap"]), ("keycap 1".into(), vec![one, "keycap"], vec!["keycap"])] {
        let r = s.search(&q, &SearchOptions::default()).unwrap();
        let h = &r.results[0];
        assert_eq!(h.id, "k", "{q}");
        assert_eq!(marked(h.title, &h.title_highlights), title, "{q}");
        assert_eq!(marked(&h.snippet.text, &h.snippet.highlights), snippet, "{q}");
    }
}

#[test]
fn a_compound_typed_as_one_is_marked_as_one_span() {
    // `AdaHessian-based`, seen joined in one entry only, is no term of the dictionary (too long:
    // `index::write`): the query finds it by its two words, and marks it whole, in the title
    // and the snippet, as it marks `zero-shot`, whose joined term the dictionary holds.
    let entries = vec![
        doc("compound", "An AdaHessian-based optimiser", "We train with an AdaHessian-based step and a zero-shot rule."),
        doc("apart", "AdaHessian steps, based on curvature", "The AdaHessian optimiser based on Hessians."),
        doc("zero", "Zero-shot transfer", "A zero-shot model, shot at zero cost."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let shown = |q: &str, id: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{q}: no {id}"));
        (marked(h.title, &h.title_highlights), marked(&h.snippet.text, &h.snippet.highlights))
    };
    let one = (vec!["AdaHessian-based".to_string()], vec!["AdaHessian-based".to_string()]);
    for q in ["adahessian-based", "adahessian-based ", "adahessianbased", "adahessian based"] {
        assert_eq!(shown(q, "compound"), one, "{q}");
    }
    // Words that stand apart in the text are two spans, after a comma or a space.
    let two = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
    assert_eq!(shown("adahessian-based", "apart"), (two("AdaHessian", "based"), two("AdaHessian", "based")));
    for q in ["zero-shot", "zero shot"] {
        assert_eq!(shown(q, "zero"), (vec!["Zero-shot".to_string()], vec!["zero-shot".to_string(), "shot".to_string(), "zero".to_string()]), "{q}");
    }
    // A part of the compound alone is marked alone.
    assert_eq!(shown("hessian", "compound").0, ["Hessian"]);
}

#[test]
fn a_part_of_a_camel_case_word_with_other_letters_finds_it_and_is_marked() {
    let entries = vec![
        doc("ecole", "ÉcoleNormale and its students", "A study of the ÉcoleNormale-based cohort."),
        doc("other", "A normal school", "Students of a school."),
    ];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let shown = |q: &str| {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let h = r.results.iter().find(|h| h.id == "ecole").unwrap_or_else(|| panic!("{q}: no ecole"));
        (h.partial, marked(h.title, &h.title_highlights), marked(&h.snippet.text, &h.snippet.highlights))
    };
    assert_eq!(shown("normale"), (false, vec!["Normale".to_string()], vec!["Normale".to_string()]));
    assert_eq!(shown("ecole "), (false, vec!["École".to_string()], vec!["École".to_string()]), "typed whole");
    // The word whole, as before.
    assert_eq!(shown("ecolenormale"), (false, vec!["ÉcoleNormale".to_string()], vec!["ÉcoleNormale".to_string()]));
}
