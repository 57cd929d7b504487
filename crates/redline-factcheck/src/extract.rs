//! Extraction: from normalised sentences to raw claims (subject, quantity, claimed value,
//! hedge, date, destination), before anything is checked.
//!
//! Patterns run on the ASCII-lowercased normalised text, sentence by sentence. A number is a
//! claim only with a unit or a keyword that says what it measures; a percentage only when it
//! relates two chips or names a revenue share or tariff. The subject of a chip claim is the
//! nearest chip named before it in the sentence (else after it, else the last chip of an
//! earlier sentence in the same paragraph).

use regex::Regex;

use redline_catalog::Format;
use redline_rules::edition::MetricKind;

use crate::mentions::{CHINA_EDITION_WORDS, ChipIndex};
use crate::numbers::{self, PartialDate};
use crate::text::{self, Normalized, Sentence};
use crate::{ClaimKind, ClaimValue, Comparison};

/// What a raw claim measures.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Q {
    MemoryCapacity,
    MemoryBandwidth,
    ChipToChip,
    Compute { format: Option<Format>, sparse: bool },
    Tpp,
    Density,
    Tdp,
    Price { currency: &'static str },
    Ratio { of: RatioOf, format: Option<Format> },
    License,
    RevenueShare,
    Tariff,
    Threshold(MetricKind),
    Money(&'static str),
    Throughput,
}

/// What a ratio compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RatioOf {
    Compute,
    Bandwidth,
    Interconnect,
    Capacity,
    /// LLM inference speed ("six times the H20's inference performance", "推理快20%"):
    /// held against the performance model, not a spec.
    Inference,
}

/// A claim as found, before checking.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub kind: ClaimKind,
    pub start: usize,
    pub end: usize,
    pub subject: Option<usize>,
    pub subject_from_context: bool,
    pub other: Option<usize>,
    pub quantity: Q,
    pub claimed: ClaimValue,
    pub comparison: Comparison,
    pub tolerance: Option<(f64, String)>,
    /// For approximate wording with a round number ("about 20%"): the values the writer's
    /// rounding covers, `[low, high]` in the claim's unit; the reference agrees when it (or its
    /// range) falls inside.
    pub around: Option<(f64, f64)>,
    pub date: Option<(PartialDate, &'static str)>,
    pub destination: Option<&'static str>,
    pub sentence_start: usize,
    pub sentence_end: usize,
}

/// A mention for the report (chip `None`: "特供版" and the like).
pub(crate) struct MentionOut {
    pub start: usize,
    pub end: usize,
    pub chip: Option<usize>,
}

/// Everything extraction found.
pub(crate) struct Extraction {
    pub norm: Normalized,
    pub sentences: Vec<Sentence>,
    pub boilerplate_lines: usize,
    pub mentions: Vec<MentionOut>,
    pub claims: Vec<Raw>,
}

/// The compiled patterns, built once per process.
pub(crate) static PATTERNS: std::sync::LazyLock<Patterns> = std::sync::LazyLock::new(Patterns::new);

/// The extraction patterns.
pub(crate) struct Patterns {
    number: Regex,
    unit: Regex,
    word_times: Regex,
    fraction: Regex,
    cn_times: Regex,
    cn_fraction: Regex,
    filler_en: Regex,
    cn_of: Regex,
    cn_up: Regex,
    cn_down: Regex,
    date_iso: Regex,
    date_cn: Regex,
    date_mdy: Regex,
    date_dmy: Regex,
    format: Regex,
    license_neg: Regex,
    license_pos: Regex,
    license_granted: Regex,
    negated: Regex,
    hedge_before: Regex,
    hedge_after: Regex,
    country: Regex,
}

fn re(p: &str) -> Regex {
    // The patterns are constants of this file; a test compiles every one.
    Regex::new(p).unwrap_or_else(|e| unreachable!("bad built-in pattern {p}: {e}"))
}

impl Patterns {
    pub fn new() -> Patterns {
        Patterns {
            number: re(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
            unit: re(concat!(
                r"^\s*(?:",
                r"(?P<tbs>tb/s|tb/sec|tb/秒|tb\s*per\s*second|terabytes?\s*(?:per|a)\s*second|tb\s*每秒)",
                r"|(?P<gbs>gb/s|gb/sec|gb/秒|gb\s*per\s*second|gigabytes?\s*(?:per|a)\s*second|gb\s*每秒)",
                r"|(?P<tok>(?:tokens?|tok)\s*(?:/\s*s(?:ec)?|/\s*秒|per\s*second|每秒|a\s*second))",
                r"|(?P<tb>terabytes?|tb)",
                r"|(?P<gb>gigabytes?|gb)",
                r"|(?P<pflops>pflops?|petaflops?|pflop/s|pops)",
                r"|(?P<tflops>tflops?|teraflops?|tflop/s|tops)",
                r"|(?P<pct>%|percent|per\s*cent)",
                r"|(?P<times>倍|times|-?fold)",
                r"|(?P<x>x|×)",
                r"|(?P<money>(?:(?P<mmult>billion|bn|million|mn|m|thousand|k|万|亿|千)\s*)?(?P<cur>美元|dollars?|usd|元|人民币|yuan|rmb))",
                r"|(?P<mult>billion|bn|million|mn|thousand)",
                r"|(?P<watt>watts?|w|瓦)",
                r")"
            )),
            word_times: re(
                r"\b(?:(?P<w1>twice|double|triple)|(?P<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]*(?:times|fold))\b",
            ),
            fraction: re(
                r"\b(?:(?P<half>half)|(?:a|one)[\s-](?P<den>third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth))\b",
            ),
            cn_times: re(r"(?P<n>[一二两三四五六七八九十]+)倍|(?P<half>一半)"),
            cn_fraction: re(r"(?P<den>[一二三四五六七八九十]+)分之(?P<num>[一二三四五六七八九十]+)"),
            filler_en: re(concat!(
                r"^(?:\s|'s|'|the|an?|of|that|those|as|than|more|faster|higher|greater|better|larger|bigger|",
                r"less|lower|slower|smaller|fewer|compute|computing|performance|power|speed|throughput|bandwidth|memory|",
                r"capacity|processing|ai|fp8|bf16|fp16|int8|fp4|dense|nvidia|nvidia's|amd|huawei|its|is|roughly|about|what|",
                r"powerful|fast|strong|capable|much|good|quick|inference|serving|llm|token|tokens)*$"
            )),
            cn_of: re(concat!(
                r"^(?:\s|推理性能|推理速度|推理|算力|性能|带宽|频宽|显存|内存|容量|计算能力|计算性能|处理能力|fp8|bf16|fp16|int8)*的",
                r"(?:\s|约为|约|大约|仅为|仅|只有|只|为|是|近|将近|接近|达到|达|相当于|大概)*$"
            )),
            cn_up: re(
                r"^(?:\s|的|推理|算力|性能|带宽|显存|内存|容量)*(?:高出|高|快|多|强|大|提升|增加)(?:\s|了|出|约|大约)*$",
            ),
            cn_down: re(
                r"^(?:\s|的|推理|算力|性能|带宽|显存|内存|容量)*(?:低|慢|少|弱|小|下降|减少)(?:\s|了|约|大约)*$",
            ),
            date_iso: re(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?\b"),
            date_cn: re(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"),
            date_mdy: re(concat!(
                r"\b(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|",
                r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+)?",
                r"(?P<y>(?:19|20)\d\d)\b"
            )),
            date_dmy: re(concat!(
                r"\b(?P<d>\d{1,2})\s+(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|",
                r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
            )),
            format: re(r"fp8|bf16|fp16|int8|fp4|tf32|fp32|fp64|int4|fp6"),
            license_neg: re(concat!(
                r"without\s+(?:an?\s+)?(?:export\s+)?licen[cs]es?|no\s+(?:export\s+)?licen[cs]es?\s+(?:is\s+|was\s+|are\s+|were\s+)?(?:needed|required)",
                r"|(?:does|did|do|will)\s+not\s+(?:need|require)\s+(?:an?\s+)?(?:export\s+)?licen[cs]es?",
                r"|(?:needs?|needed|requires?|required)\s+no\s+(?:export\s+)?licen[cs]es?",
                r"|not\s+(?:subject\s+to|covered\s+by)\s+(?:the\s+)?(?:export\s+)?(?:controls?|rules?|licen[cs]e\s+requirements?)",
                r"|(?:lifted|lifts|lifting|rescinded|ended)\s+(?:the\s+|its\s+)?(?:ban|licen[cs]e\s+requirements?)",
                r"|无需(?:出口)?许可|不需要(?:出口)?许可|不受(?:出口)?管制|不受(?:出口)?限制|解除(?:了)?(?:禁令|禁售|限制)",
                r"|取消(?:了)?(?:禁令|禁售|出口限制)|可以自由出口|不在管制范围"
            )),
            license_pos: re(concat!(
                r"\b(?:ban|bans|banned|barred|blocked|prohibited|embargoed)\b",
                r"|\b(?:requires?|required|needs?|needed|must\s+(?:obtain|get|have))\s+(?:an?\s+)?(?:us\s+)?(?:export\s+)?licen[cs]es?\b",
                r"|\blicen[cs]e\s+requirements?\b|\blicen[cs]e\s+(?:is\s+|was\s+)?(?:now\s+)?required\b",
                r"|禁售|禁止(?:向[^,。]{0,8})?出口|出口禁令|禁令|需要(?:出口)?许可|须(?:获得|申请)?(?:出口)?许可|需(?:获得|申请)(?:出口)?许可",
                r"|许可证要求|断供|禁运"
            )),
            license_granted: re(concat!(
                r"\blicen[cs]es?\s+(?:were\s+|are\s+|have\s+been\s+|had\s+been\s+|was\s+|is\s+)?(?:granted|approved|issued)\b",
                r"|\b(?:granted|approved|issued)\s+(?:export\s+)?licen[cs]es?\b|获(?:得|批)(?:了)?(?:出口)?许可|发放(?:出口)?许可"
            )),
            negated: re(
                r"(?:\bnot|\bno\s+longer|\bnever|n't)\s+(?:been\s+|be\s+)?$|(?:未被|不被|没有被|并未|未|不会|并不|没有)$",
            ),
            hedge_before: re(concat!(
                r"(?P<w>about|around|approximately|approx\.?|roughly|nearly|almost|some|close\s+to|circa|~|≈|约为|约|大约|将近|近|接近|大概",
                r"|just\s+under|just\s+below|less\s+than|under|below|up\s+to|no\s+more\s+than|不到|低于|不足|最高|高达",
                r"|just\s+over|just\s+above|more\s+than|over|above|at\s+least|in\s+excess\s+of|逾|超过)\s*(?:us\$|\$)?\s*$"
            )),
            hedge_after: re(r"^\s*(?:\S{0,12}?)(?P<w>左右|以上|以下|以内)"),
            country: re(concat!(
                r"\b(?P<ae>uae|united\s+arab\s+emirates)\b|\b(?P<sa>saudi)|\b(?P<my>malaysia)\b|\b(?P<ru>russia)\b",
                r"|(?P<ae2>阿联酋)|(?P<sa2>沙特)|(?P<my2>马来西亚)|(?P<ru2>俄罗斯)"
            )),
        }
    }
}

/// Claims of one sentence plus the shared state while scanning.
struct Scan<'p> {
    p: &'p Patterns,
    norm: &'p Normalized,
    s: Sentence,
    chips: Vec<(usize, usize, usize)>,
    dates: Vec<(usize, usize, PartialDate)>,
    context_chip: Option<usize>,
    context_date: Option<PartialDate>,
    destination: Option<&'static str>,
    out: Vec<Raw>,
}

/// Finds the claims in an article.
pub(crate) fn extract(p: &Patterns, index: &ChipIndex, input: &str) -> Extraction {
    let norm = text::normalize(input);
    let (sentences, boilerplate_lines) = text::sentences(&norm);
    let mut mentions = Vec::new();
    let mut claims = Vec::new();
    let mut paragraph = usize::MAX;
    let mut context_chip = None;
    let mut context_date = None;
    for &s in &sentences {
        if s.paragraph != paragraph {
            paragraph = s.paragraph;
            context_chip = None;
            context_date = None;
        }
        let found = index.find(&norm.text, s.start, s.end);
        let chips: Vec<(usize, usize, usize)> = found.iter().map(|m| (m.start, m.end, m.chip)).collect();
        let lower = &norm.lower[s.start..s.end];
        let mut sentence_mentions: Vec<MentionOut> =
            found.iter().map(|m| MentionOut { start: m.start, end: m.end, chip: Some(m.chip) }).collect();
        for w in CHINA_EDITION_WORDS {
            for (b, _) in lower.match_indices(w) {
                let (a, e) = (s.start + b, s.start + b + w.len());
                if !chips.iter().any(|&(cs, ce, _)| cs < e && a < ce) {
                    // The edition of the chip named nearest in the sentence, if any.
                    let near =
                        chips.iter().min_by_key(|&&(cs, ce, _)| if cs >= e { cs - e } else { a.saturating_sub(ce) });
                    sentence_mentions.push(MentionOut { start: a, end: e, chip: near.map(|m| m.2) });
                }
            }
        }
        sentence_mentions.sort_by_key(|m| m.start);
        mentions.extend(sentence_mentions);
        let mut scan = Scan {
            p,
            norm: &norm,
            s,
            dates: find_dates(p, lower, s.start),
            chips,
            context_chip,
            context_date,
            destination: find_country(p, lower),
            out: Vec::new(),
        };
        scan.run();
        // The paragraph's topic: the first chip of the latest sentence naming one ("It" and
        // "its" in the next sentence refer to it, not to a chip it was compared with).
        if let Some(&(_, _, c)) = scan.chips.first() {
            context_chip = Some(c);
        }
        if let Some(&(_, _, d)) = scan.dates.last() {
            context_date = Some(d);
        }
        claims.append(&mut scan.out);
    }
    Extraction { norm, sentences, boilerplate_lines, mentions, claims }
}

fn find_dates(p: &Patterns, lower: &str, base: usize) -> Vec<(usize, usize, PartialDate)> {
    let mut out: Vec<(usize, usize, PartialDate)> = Vec::new();
    let num = |c: &regex::Captures, k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let mut push = |a: usize, b: usize, d: Option<PartialDate>| {
        if let Some(d) = d
            && !out.iter().any(|&(x, y, _)| x < base + b && base + a < y)
        {
            out.push((base + a, base + b, d));
        }
    };
    for c in p.date_cn.captures_iter(lower) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let day = num(&c, "d").and_then(|d| u8::try_from(d).ok());
        let d = (|| PartialDate::new(i32::try_from(num(&c, "y")?).ok()?, u8::try_from(num(&c, "m")?).ok()?, day))();
        push(m.start, m.end, d);
    }
    for c in p.date_iso.captures_iter(lower) {
        let m = c.get(0).map_or(0..0, |m| m.range());
        let day = num(&c, "d").and_then(|d| u8::try_from(d).ok());
        let d = (|| PartialDate::new(i32::try_from(num(&c, "y")?).ok()?, u8::try_from(num(&c, "m")?).ok()?, day))();
        push(m.start, m.end, d);
    }
    for re in [&p.date_mdy, &p.date_dmy] {
        for c in re.captures_iter(lower) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let day = num(&c, "d").and_then(|d| u8::try_from(d).ok());
            let d = (|| {
                PartialDate::new(i32::try_from(num(&c, "y")?).ok()?, numbers::month(c.name("mon")?.as_str())?, day)
            })();
            push(m.start, m.end, d);
        }
    }
    out.sort_by_key(|d| d.0);
    out
}

fn find_country(p: &Patterns, lower: &str) -> Option<&'static str> {
    let c = p.country.captures(lower)?;
    let iso = if c.name("ae").or(c.name("ae2")).is_some() {
        "AE"
    } else if c.name("sa").or(c.name("sa2")).is_some() {
        "SA"
    } else if c.name("my").or(c.name("my2")).is_some() {
        "MY"
    } else {
        "RU"
    };
    Some(iso)
}

/// The last `n` chars of `s`.
fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(b, _)| b);
    if n == 0 { "" } else { &s[start..] }
}

/// The first `n` chars of `s`.
fn head(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(b, _)| b);
    &s[..end]
}

/// One number with what follows it.
enum Unit {
    Gb(f64),
    Gbs(f64),
    Tflops(f64),
    Pct,
    Times,
    X,
    Money { mult: f64, currency: &'static str },
    Tokens,
    Watt,
    Bare,
}

const REVENUE_WORDS: &[&str] =
    &["revenue", "sales", "proceeds", "收入", "营收", "销售额", "分成", "抽成", "上缴", "销售"];
const TARIFF_WORDS: &[&str] = &["tariff", "duty", "duties", "关税"];
const PRICE_WORDS: &[&str] = &[
    "price",
    "priced",
    "cost",
    "costs",
    "sells for",
    "selling for",
    "sold for",
    "售价",
    "价格",
    "单价",
    "报价",
    "apiece",
    "each",
    "per chip",
    "per unit",
    "per card",
    "per gpu",
];
const CHARGE_WORDS: &[&str] = &["charge", "write-down", "writedown", "write-off", "减记", "计提", "损失", "loss"];
const THRESHOLD_AFTER: &[&str] =
    &["threshold", "line", "limit", "cap", "ceiling", "cutoff", "门槛", "阈值", "上限", "红线", "标准"];
const THRESHOLD_BEFORE: &[&str] =
    &["threshold", "line of", "limit of", "cap of", "ceiling", "cutoff", "门槛", "阈值", "上限", "红线"];
const INTERCONNECT_WORDS: &[&str] =
    &["nvlink", "interconnect", "chip-to-chip", "chip to chip", "link", "互联", "互连", "infinity fabric"];
/// Words that make a ratio one of LLM inference speed rather than of a spec.
const INFERENCE_WORDS: &[&str] = &["inference", "tokens", "serving", "llm", "推理", "token"];
const MEMORY_WORDS: &[&str] = &["memory", "hbm", "dram", "gddr", "显存", "内存", "带宽", "bandwidth", "频宽"];

fn contains_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Distance in bytes from `pos` to the nearest occurrence of any word in `s` (positions
/// relative to `s`), skipping matches `skip` rejects.
fn nearest(s: &str, pos: usize, words: &[&str], skip: impl Fn(usize, &str) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for w in words {
        for (b, _) in s.match_indices(w) {
            if skip(b, w) {
                continue;
            }
            let d = if b >= pos { b - pos } else { pos - (b + w.len()).min(pos) };
            best = Some(best.map_or(d, |x| x.min(d)));
        }
    }
    best
}

impl Scan<'_> {
    fn lower(&self) -> &str {
        &self.norm.lower[self.s.start..self.s.end]
    }

    fn occupied(&self, a: usize, b: usize) -> bool {
        self.chips.iter().any(|&(x, y, _)| x < b && a < y) || self.dates.iter().any(|&(x, y, _)| x < b && a < y)
    }

    fn run(&mut self) {
        self.numbers();
        self.word_ratios();
        self.licenses();
        self.out.sort_by_key(|r| r.start);
    }

    fn new_raw(&self, kind: ClaimKind, a: usize, b: usize, quantity: Q, claimed: ClaimValue) -> Raw {
        Raw {
            kind,
            start: a,
            end: b,
            subject: None,
            subject_from_context: false,
            other: None,
            quantity,
            claimed,
            comparison: Comparison::Exact,
            tolerance: None,
            around: None,
            date: None,
            destination: self.destination,
            sentence_start: self.s.start,
            sentence_end: self.s.end,
        }
    }

    /// Nearest chip named before `pos` (else after), not `exclude`; else the context chip.
    fn subject(&self, pos: usize, exclude: Option<usize>) -> Option<(usize, bool)> {
        let ok = |c: usize| Some(c) != exclude;
        if let Some(&(_, _, c)) = self.chips.iter().rev().find(|&&(_, e, c)| e <= pos && ok(c)) {
            return Some((c, false));
        }
        if let Some(&(_, _, c)) = self.chips.iter().find(|&&(s, _, c)| s >= pos && ok(c)) {
            return Some((c, false));
        }
        self.context_chip.filter(|&c| ok(c)).map(|c| (c, true))
    }

    fn date_near(&self, pos: usize) -> Option<(PartialDate, &'static str)> {
        let best = self.dates.iter().min_by_key(|&&(a, b, _)| if a >= pos { a - pos } else { pos.saturating_sub(b) });
        match best {
            Some(&(_, _, d)) => Some((d, "text")),
            None => self.context_date.map(|d| (d, "context")),
        }
    }

    fn hedge(&self, a: usize, b: usize) -> (Comparison, Option<String>) {
        let before = tail(&self.norm.lower[self.s.start..a], 18);
        if let Some(c) = self.p.hedge_before.captures(before) {
            let w = c.name("w").map_or("", |m| m.as_str()).to_string();
            let cmp = match w.as_str() {
                x if x.starts_with("just under")
                    || x.starts_with("just below")
                    || x.starts_with("less")
                    || x == "under"
                    || x == "below"
                    || x.starts_with("up")
                    || x.starts_with("no more")
                    || ["不到", "低于", "不足", "最高", "高达"].contains(&x) =>
                {
                    Comparison::AtMost
                }
                x if x.starts_with("just over")
                    || x.starts_with("just above")
                    || x.starts_with("more")
                    || x == "over"
                    || x == "above"
                    || x.starts_with("at least")
                    || x.starts_with("in excess")
                    || x == "逾"
                    || x == "超过" =>
                {
                    Comparison::AtLeast
                }
                _ => Comparison::About,
            };
            return (cmp, Some(w));
        }
        let after = head(&self.norm.lower[b..self.s.end], 14);
        if let Some(c) = self.p.hedge_after.captures(after) {
            let w = c.name("w").map_or("", |m| m.as_str()).to_string();
            let cmp = match w.as_str() {
                "以上" => Comparison::AtLeast,
                "以下" | "以内" => Comparison::AtMost,
                _ => Comparison::About,
            };
            return (cmp, Some(w));
        }
        (Comparison::Exact, None)
    }

    fn finish(&self, mut raw: Raw, written: &str, value: f64, half: f64, informal: bool) -> Raw {
        let (cmp, word) = self.hedge(raw.start, raw.end);
        raw.comparison = cmp;
        let rounding = if value > 0.0 { half / value } else { 0.01 };
        raw.tolerance = Some(if informal {
            (0.10, format!("number word {written:?}: 10%"))
        } else if let Some(w) = word {
            if cmp == Comparison::About
                && let Some((lo, hi, basis)) = approximate(&raw, written, value, &w)
            {
                raw.around = Some((lo, hi));
                let claimed = raw.claimed.as_f64().unwrap_or(0.0).abs();
                let rel = if claimed > 0.0 { (hi - lo) / 2.0 / claimed } else { 0.10 };
                (rel, basis)
            } else {
                (0.10, format!("hedged ({w}): 10%"))
            }
        } else if rounding < 0.01 {
            (0.01, format!("rounding of {written} is {:.2}%; floor 1%", rounding * 100.0))
        } else {
            let r = rounding.min(0.10);
            (r, format!("rounding of {written}: {:.2}%", r * 100.0))
        });
        raw
    }

    fn numbers(&mut self) {
        let lower = self.lower().to_string();
        let base = self.s.start;
        for m in self.p.number.find_iter(&lower) {
            let (a, b) = (base + m.start(), base + m.end());
            if self.occupied(a, b) {
                continue;
            }
            let prev = lower[..m.start()].chars().next_back();
            if prev.is_some_and(|c| {
                c.is_ascii_alphanumeric() || c == '.' || c == '-' && lower[..m.start()].ends_with("fp-")
            }) {
                continue;
            }
            let Some((value, half)) = numbers::parse_digits(m.as_str()) else { continue };
            let rest = &lower[m.end()..];
            let caps = self.p.unit.captures(rest);
            let per_second_before = tail(&lower[..m.start()], 4).contains("每秒");
            let (unit, unit_len) = match &caps {
                None => (Unit::Bare, 0),
                Some(c) => {
                    let len = c.get(0).map_or(0, |x| x.end());
                    let next = rest[len..].chars().next();
                    let glued = next.is_some_and(|ch| ch.is_ascii_alphanumeric());
                    let u = if c.name("tbs").is_some() {
                        Unit::Gbs(1000.0)
                    } else if c.name("gbs").is_some() {
                        Unit::Gbs(1.0)
                    } else if c.name("tok").is_some() {
                        Unit::Tokens
                    } else if c.name("tb").is_some() && !glued {
                        if per_second_before { Unit::Gbs(1000.0) } else { Unit::Gb(1000.0) }
                    } else if c.name("gb").is_some() && !glued {
                        if per_second_before { Unit::Gbs(1.0) } else { Unit::Gb(1.0) }
                    } else if c.name("pflops").is_some() && !glued {
                        Unit::Tflops(1000.0)
                    } else if c.name("tflops").is_some() && !glued {
                        Unit::Tflops(1.0)
                    } else if c.name("pct").is_some() {
                        Unit::Pct
                    } else if c.name("times").is_some() && !glued {
                        Unit::Times
                    } else if c.name("x").is_some() && !glued {
                        Unit::X
                    } else if let Some(cur) = c.name("cur") {
                        let mult = money_mult(c.name("mmult").map(|x| x.as_str()));
                        let currency =
                            if matches!(cur.as_str(), "元" | "人民币" | "yuan" | "rmb") { "CNY" } else { "USD" };
                        Unit::Money { mult, currency }
                    } else if let Some(mm) = c.name("mult") {
                        if dollar_before(&lower[..m.start()]) {
                            Unit::Money { mult: money_mult(Some(mm.as_str())), currency: "USD" }
                        } else {
                            Unit::Bare
                        }
                    } else if c.name("watt").is_some() && !glued {
                        Unit::Watt
                    } else {
                        Unit::Bare
                    };
                    let len = if matches!(u, Unit::Bare) { 0 } else { len };
                    (u, len)
                }
            };
            let unit = match unit {
                Unit::Bare if dollar_before(&lower[..m.start()]) => Unit::Money { mult: 1.0, currency: "USD" },
                Unit::Bare if rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => continue,
                u => u,
            };
            let mut start = a;
            if let Unit::Money { .. } = unit {
                let before = &lower[..m.start()];
                let t = before.trim_end();
                for pre in ["us$", "$", "usd"] {
                    if t.ends_with(pre) {
                        start = base + t.len() - pre.len();
                        break;
                    }
                }
            }
            let end = b + unit_len;
            let written = &self.norm.text[start..end].trim().to_string();
            self.number_claim(unit, start, end, value, half, written.as_str());
        }
    }

    #[allow(clippy::too_many_lines)]
    fn number_claim(&mut self, unit: Unit, a: usize, b: usize, value: f64, half: f64, written: &str) {
        let lower = self.lower().to_string();
        let rel_a = a - self.s.start;
        let rel_b = b - self.s.start;
        // Keyword windows stop at the neighbouring number: its keywords are its own.
        let before = tail(&lower[..rel_a], 22);
        let before = before[before.rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1)..].to_string();
        let after = head(&lower[rel_b..], 16);
        let after = after[..after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len())].to_string();
        let threshold = contains_any(&after, THRESHOLD_AFTER) || contains_any(tail(&before, 14), THRESHOLD_BEFORE);
        match unit {
            Unit::Pct => {
                if let Some((other, dir)) = self.ratio_target(a, b) {
                    let claimed = match dir {
                        Dir::Of => value / 100.0,
                        Dir::More => 1.0 + value / 100.0,
                        Dir::Less => 1.0 - value / 100.0,
                    };
                    self.ratio(a, b, other, claimed, written, value, half, false);
                } else if contains_any(&lower, TARIFF_WORDS)
                    && nearest(&lower, rel_a, TARIFF_WORDS, |_, _| false)
                        <= nearest(&lower, rel_a, REVENUE_WORDS, |_, _| false).or(Some(usize::MAX))
                {
                    let raw = self.rule_claim(ClaimKind::Tariff, a, b, Q::Tariff, value);
                    let raw = self.finish(raw, written, value, half, false);
                    self.out.push(raw);
                } else if contains_any(&lower, REVENUE_WORDS) {
                    let raw = self.rule_claim(ClaimKind::RevenueShare, a, b, Q::RevenueShare, value);
                    let raw = self.finish(raw, written, value, half, false);
                    self.out.push(raw);
                } else if contains_any(&lower, TARIFF_WORDS) {
                    let raw = self.rule_claim(ClaimKind::Tariff, a, b, Q::Tariff, value);
                    let raw = self.finish(raw, written, value, half, false);
                    self.out.push(raw);
                }
            }
            Unit::Times | Unit::X => {
                let x_ok = !matches!(unit, Unit::X)
                    || ["faster", "more", "the", "as", "that", "higher", "better", "greater", "slower", "less"]
                        .iter()
                        .any(|w| after.trim_start().starts_with(w));
                if x_ok && let Some((other, _)) = self.ratio_target(a, b) {
                    self.ratio(a, b, other, value, written, value, half, false);
                }
            }
            Unit::Gb(mult) => {
                if threshold {
                    return;
                }
                self.chip_claim(ClaimKind::Spec, a, b, Q::MemoryCapacity, value * mult, written, value, half);
            }
            Unit::Gbs(mult) => {
                let chip_to_chip = self.is_interconnect(rel_a, rel_b);
                if threshold {
                    let kind = if chip_to_chip { MetricKind::ChipToChip } else { MetricKind::DramBandwidth };
                    self.threshold(a, b, kind, value * mult, written, value, half);
                    return;
                }
                let q = if chip_to_chip { Q::ChipToChip } else { Q::MemoryBandwidth };
                self.chip_claim(ClaimKind::Spec, a, b, q, value * mult, written, value, half);
            }
            Unit::Tflops(mult) => {
                let format = self.format_near(rel_a, rel_b);
                let sparse = ["sparse", "sparsity", "稀疏"].iter().any(|w| lower.contains(w))
                    && !["dense", "稠密", "without sparsity"].iter().any(|w| lower.contains(w));
                self.chip_claim(
                    ClaimKind::Spec,
                    a,
                    b,
                    Q::Compute { format, sparse },
                    value * mult,
                    written,
                    value,
                    half,
                );
            }
            Unit::Watt => {
                self.chip_claim(ClaimKind::Spec, a, b, Q::Tdp, value, written, value, half);
            }
            Unit::Tokens => {
                self.chip_claim(ClaimKind::Performance, a, b, Q::Throughput, value, written, value, half);
            }
            Unit::Money { mult, currency } => {
                let v = value * mult;
                if contains_any(&lower, PRICE_WORDS) && !contains_any(&lower, REVENUE_WORDS) {
                    self.chip_claim(ClaimKind::Price, a, b, Q::Price { currency }, v, written, value, half);
                } else {
                    let what = if contains_any(&lower, CHARGE_WORDS) {
                        Some("charge_usd")
                    } else if contains_any(&lower, REVENUE_WORDS) {
                        Some("revenue_usd")
                    } else if lower.contains("licen") || lower.contains("许可") {
                        Some("amount_usd")
                    } else {
                        None
                    };
                    if let Some(what) = what {
                        let mut raw = self.new_raw(ClaimKind::Money, a, b, Q::Money(what), ClaimValue::Number(v));
                        if let Some((c, ctx)) = self.subject(a, None) {
                            raw.subject = Some(c);
                            raw.subject_from_context = ctx;
                        }
                        raw.date = self.date_near(a);
                        let raw = self.finish(raw, written, value, half, false);
                        self.out.push(raw);
                    }
                }
            }
            Unit::Bare => {
                let tpp = ["tpp", "total processing performance", "processing performance", "总处理性能", "总处理能力"];
                let density = ["performance density", "性能密度", "density of", "density"];
                if contains_any(&before, &tpp) {
                    if threshold {
                        self.threshold(a, b, MetricKind::Tpp, value, written, value, half);
                    } else {
                        self.chip_claim(ClaimKind::Spec, a, b, Q::Tpp, value, written, value, half);
                    }
                } else if contains_any(&before, &density) {
                    if threshold {
                        self.threshold(a, b, MetricKind::PerformanceDensity, value, written, value, half);
                    } else {
                        self.chip_claim(ClaimKind::Spec, a, b, Q::Density, value, written, value, half);
                    }
                } else if threshold && (contains_any(&after, &["tpp"]) || contains_any(&lower, &tpp)) {
                    self.threshold(a, b, MetricKind::Tpp, value, written, value, half);
                }
            }
        }
    }

    /// Whether a bandwidth at `[rel_a, rel_b)` is a chip-to-chip link rather than memory: the
    /// words of its own clause decide, those before it first.
    fn is_interconnect(&self, rel_a: usize, rel_b: usize) -> bool {
        let lower = self.lower();
        let is_sep = |c: char| matches!(c, ',' | '，' | ';' | '；' | '、' | '(' | ')');
        let before = &lower[lower[..rel_a].rfind(is_sep).map_or(0, |i| i + 1)..rel_a];
        let ic = |t: &str| contains_any(t, INTERCONNECT_WORDS);
        if ic(before) {
            return true;
        }
        if contains_any(before, MEMORY_WORDS) {
            return false;
        }
        let rest = &lower[rel_b..];
        let after = &rest[..rest.find(is_sep).unwrap_or(rest.len())];
        ic(after)
    }

    fn format_near(&self, rel_a: usize, rel_b: usize) -> Option<Format> {
        let lower = self.lower();
        let mut best: Option<(usize, Format)> = None;
        for m in self.p.format.find_iter(lower) {
            let ok_before = lower[..m.start()].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
            let ok_after = lower[m.end()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
            if !(ok_before && ok_after) {
                continue;
            }
            let d = if m.start() >= rel_b { m.start() - rel_b } else { rel_a.saturating_sub(m.end()) };
            if d > 50 {
                continue;
            }
            let f = match m.as_str() {
                "fp8" => Format::Fp8,
                "bf16" => Format::Bf16,
                "fp16" => Format::Fp16,
                "int8" => Format::Int8,
                "fp4" => Format::Fp4,
                "tf32" => Format::Tf32,
                "fp32" => Format::Fp32,
                "fp64" => Format::Fp64,
                "int4" => Format::Int4,
                _ => Format::Fp6,
            };
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, f));
            }
        }
        best.map(|(_, f)| f)
    }

    fn rule_claim(&self, kind: ClaimKind, a: usize, b: usize, q: Q, value: f64) -> Raw {
        let mut raw = self.new_raw(kind, a, b, q, ClaimValue::Number(value));
        if let Some((c, ctx)) = self.subject(a, None) {
            raw.subject = Some(c);
            raw.subject_from_context = ctx;
        }
        raw.date = self.date_near(a);
        raw
    }

    #[allow(clippy::too_many_arguments)]
    fn threshold(&mut self, a: usize, b: usize, kind: MetricKind, v: f64, written: &str, value: f64, half: f64) {
        let mut raw = self.new_raw(ClaimKind::Threshold, a, b, Q::Threshold(kind), ClaimValue::Number(v));
        raw.date = self.date_near(a);
        // "just below the 2,400 line" hedges the chip, not the line: the line is exact.
        let mut raw = self.finish(raw, written, value, half, false);
        raw.comparison = Comparison::Exact;
        let rounding = if value > 0.0 { half / value } else { 0.01 };
        raw.tolerance = Some((rounding.clamp(0.01, 0.10), format!("rounding of {written}; floor 1%")));
        self.out.push(raw);
    }

    #[allow(clippy::too_many_arguments)]
    fn chip_claim(&mut self, kind: ClaimKind, a: usize, b: usize, q: Q, v: f64, written: &str, value: f64, half: f64) {
        let Some((chip, ctx)) = self.subject(a, None) else { return };
        let mut raw = self.new_raw(kind, a, b, q, ClaimValue::Number(v));
        raw.subject = Some(chip);
        raw.subject_from_context = ctx;
        let raw = self.finish(raw, written, value, half, false);
        self.out.push(raw);
    }

    /// The chip a ratio at `[a, b)` is taken against, and how.
    fn ratio_target(&self, a: usize, b: usize) -> Option<(usize, Dir)> {
        let text = &self.norm.lower;
        // English: "N% of the H100's", "six times the H20", "20% more than the H100".
        if let Some(&(ms, _, chip)) = self.chips.iter().find(|&&(ms, _, _)| ms >= b) {
            let between = &text[b..ms];
            if between.chars().count() <= 45 && self.p.filler_en.is_match(between) {
                let dir = if ["more", "faster", "higher", "greater", "better", "larger", "bigger"]
                    .iter()
                    .any(|w| between.contains(w))
                {
                    Dir::More
                } else if ["less", "lower", "slower", "smaller", "fewer"].iter().any(|w| between.contains(w)) {
                    Dir::Less
                } else {
                    Dir::Of
                };
                return Some((chip, dir));
            }
        }
        // Chinese: "H100的15%", "H20的六倍", "比H100高20%".
        if let Some(&(ms, me, chip)) = self.chips.iter().rev().find(|&&(_, me, _)| me <= a) {
            let between = &text[me..a];
            if between.chars().count() <= 12 {
                if self.p.cn_of.is_match(between) {
                    return Some((chip, Dir::Of));
                }
                let before = tail(&text[self.s.start..ms], 3);
                if before.trim_end().ends_with('比') {
                    if self.p.cn_up.is_match(between) {
                        return Some((chip, Dir::More));
                    }
                    if self.p.cn_down.is_match(between) {
                        return Some((chip, Dir::Less));
                    }
                }
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn ratio(
        &mut self,
        a: usize,
        b: usize,
        other: usize,
        claimed: f64,
        written: &str,
        value: f64,
        half: f64,
        informal: bool,
    ) {
        // The subject precedes the quantity (English) or the other chip (Chinese).
        let other_pos = self.chips.iter().find(|&&(_, _, c)| c == other).map_or(a, |&(s, _, _)| s.min(a));
        let Some((chip, from_context)) = self.subject(other_pos, Some(other)) else { return };
        let rel = a - self.s.start;
        // The noun right after the other chip ("the H100's compute") or between the subject
        // and the number ("B30A的算力是H20的六倍") names the measure; else the nearest keyword.
        let own_words = match self.chips.iter().find(|&&(_, _, c)| c == other) {
            Some(&(_, oe, _)) if oe >= b => head(&self.norm.lower[oe..self.s.end], 24).to_string(),
            _ => match self.chips.iter().find(|&&(_, _, c)| c == chip) {
                Some(&(_, se, _)) if se <= a => self.norm.lower[se..a].to_string(),
                _ => String::new(),
            },
        };
        let of = ratio_of_words(&own_words).unwrap_or_else(|| self.ratio_measure(rel));
        let format = self.format_near(rel, b - self.s.start);
        let mut raw = self.new_raw(ClaimKind::Ratio, a, b, Q::Ratio { of, format }, ClaimValue::Number(claimed));
        raw.subject = Some(chip);
        raw.subject_from_context = from_context;
        raw.other = Some(other);
        let mut raw = self.finish(raw, written, value, half, informal);
        // Chinese puts the hedge before the other chip: "不到H100的一半".
        if raw.comparison == Comparison::Exact
            && let Some(&(os, oe, _)) = self.chips.iter().find(|&&(os, oe, c)| c == other && oe <= a && os < a)
        {
            let (cmp, word) = self.hedge(os, oe);
            if let Some(w) = word {
                raw.comparison = cmp;
                if !informal {
                    let approx = if cmp == Comparison::About { approximate(&raw, written, value, &w) } else { None };
                    raw.tolerance = Some(match approx {
                        Some((lo, hi, basis)) => {
                            raw.around = Some((lo, hi));
                            ((hi - lo) / 2.0 / claimed.abs().max(f64::MIN_POSITIVE), basis)
                        }
                        None => (0.10, format!("hedged ({w}): 10%")),
                    });
                }
            }
        }
        self.out.push(raw);
    }

    fn ratio_measure(&self, pos: usize) -> RatioOf {
        let lower = self.lower();
        let bw = nearest(lower, pos, &["bandwidth", "带宽", "频宽", "tb/s", "gb/s"], |_, _| false);
        let ic = nearest(
            lower,
            pos,
            &["nvlink", "interconnect", "chip-to-chip", "chip to chip", "互联", "互连"],
            |_, _| false,
        );
        let cap = nearest(lower, pos, &["capacity", "容量", "显存", "内存", "memory", "hbm"], |b, _| {
            let rest = &lower[b..];
            ["memory bandwidth", "显存带宽", "内存带宽", "hbm bandwidth"].iter().any(|w| rest.starts_with(w))
        });
        let compute = nearest(
            lower,
            pos,
            &[
                "compute",
                "computing",
                "performance",
                "processing",
                "flops",
                "tops",
                "tpp",
                "horsepower",
                "算力",
                "性能",
                "计算",
            ],
            |_, _| false,
        );
        let d = |x: Option<usize>| x.unwrap_or(usize::MAX);
        let inference = nearest(lower, pos, INFERENCE_WORDS, |_, _| false);
        if inference.is_some() && d(inference) <= d(compute) && d(inference) <= d(bw) && d(inference) <= d(cap) {
            return RatioOf::Inference;
        }
        if compute.is_none() && bw.is_none() && cap.is_none() {
            return RatioOf::Compute;
        }
        if ic.is_some() && d(ic) <= d(bw).saturating_add(12) && d(ic) <= d(compute) {
            RatioOf::Interconnect
        } else if d(bw) <= d(cap) && d(bw) <= d(compute) {
            RatioOf::Bandwidth
        } else if d(cap) < d(compute) {
            RatioOf::Capacity
        } else {
            RatioOf::Compute
        }
    }

    fn word_ratios(&mut self) {
        let lower = self.lower().to_string();
        let base = self.s.start;
        let mut found: Vec<(usize, usize, f64)> = Vec::new();
        for c in self.p.word_times.captures_iter(&lower) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let w = c.name("w1").or(c.name("w")).map_or("", |x| x.as_str());
            if let Some(v) = numbers::english_word(w) {
                found.push((m.start, m.end, v));
            }
        }
        for c in self.p.fraction.captures_iter(&lower) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let den = if c.name("half").is_some() {
                Some(2.0)
            } else {
                c.name("den").and_then(|d| numbers::english_denominator(d.as_str()))
            };
            if let Some(d) = den {
                found.push((m.start, m.end, 1.0 / d));
            }
        }
        for c in self.p.cn_times.captures_iter(&lower) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let v = if c.name("half").is_some() {
                Some(0.5)
            } else {
                c.name("n").and_then(|n| numbers::chinese(n.as_str()))
            };
            if let Some(v) = v {
                found.push((m.start, m.end, v));
            }
        }
        for c in self.p.cn_fraction.captures_iter(&lower) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            let den = c.name("den").and_then(|n| numbers::chinese(n.as_str()));
            let num = c.name("num").and_then(|n| numbers::chinese(n.as_str()));
            if let (Some(d), Some(n)) = (den, num)
                && d > 0.0
            {
                found.push((m.start, m.end, n / d));
            }
        }
        for (s, e, v) in found {
            let (a, b) = (base + s, base + e);
            if self.occupied(a, b) || self.out.iter().any(|r| r.start < b && a < r.end) {
                continue;
            }
            if let Some((other, dir)) = self.ratio_target(a, b) {
                let claimed = match dir {
                    Dir::Less if v < 1.0 => 1.0 - v,
                    _ => v,
                };
                let written = self.norm.text[a..b].to_string();
                self.ratio(a, b, other, claimed, &written, v, 0.0, true);
            }
        }
    }

    fn licenses(&mut self) {
        let lower = self.lower().to_string();
        let base = self.s.start;
        let mut taken: Vec<(usize, usize, bool, bool)> = Vec::new();
        for m in self.p.license_neg.find_iter(&lower) {
            taken.push((m.start(), m.end(), false, false));
        }
        for (re, granted) in [(&self.p.license_granted, true), (&self.p.license_pos, false)] {
            for m in re.find_iter(&lower) {
                if taken.iter().any(|&(s, e, _, _)| s < m.end() && m.start() < e) {
                    continue;
                }
                let negated = self.p.negated.is_match(tail(&lower[..m.start()], 16));
                taken.push((m.start(), m.end(), !negated || granted, granted));
            }
        }
        taken.sort_by_key(|t| t.0);
        // One claim per chip per sentence: the first phrase decides.
        let mut chips: Vec<(usize, bool)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        if taken.is_empty() {
            return;
        }
        let named: Vec<usize> = self.chips.iter().map(|&(_, _, c)| c).collect();
        if named.is_empty() {
            if let Some(c) = self.context_chip {
                chips.push((c, true));
            }
        } else {
            for c in named {
                if seen.insert(c) {
                    chips.push((c, false));
                }
            }
        }
        let (s, e, required, _granted) = taken[0];
        for (chip, ctx) in chips {
            let mut raw = self.new_raw(ClaimKind::License, base + s, base + e, Q::License, ClaimValue::Bool(required));
            raw.subject = Some(chip);
            raw.subject_from_context = ctx;
            raw.date = self.date_near(base + s);
            self.out.push(raw);
        }
    }
}

#[derive(Clone, Copy)]
enum Dir {
    Of,
    More,
    Less,
}

/// The measure a few words name, if they name one.
fn ratio_of_words(w: &str) -> Option<RatioOf> {
    if contains_any(w, INFERENCE_WORDS) {
        Some(RatioOf::Inference)
    } else if contains_any(w, &["nvlink", "interconnect", "chip-to-chip", "互联", "互连"]) {
        Some(RatioOf::Interconnect)
    } else if contains_any(w, &["bandwidth", "带宽", "频宽"]) {
        Some(RatioOf::Bandwidth)
    } else if contains_any(w, &["capacity", "memory", "显存", "内存", "容量"]) {
        Some(RatioOf::Capacity)
    } else if contains_any(
        w,
        &["compute", "computing", "performance", "processing", "flops", "tops", "tpp", "算力", "性能", "计算"],
    ) {
        Some(RatioOf::Compute)
    } else {
        None
    }
}

/// Approximate wording ("about", "约", "左右" ...) with a number: the values the writer's
/// rounding covers, `(low, high, basis)` in the claim's unit. The half-width is half the
/// number's rounding step ([`numbers::round_step`]: `20` → 10, `25` → 5, `2,000` → 1,000) plus
/// 1% of the claim, and at least 10% of it: "about 20%" covers 14.8–25.2%, "about 96 GB"
/// 86.4–105.6 GB.
fn approximate(raw: &Raw, written: &str, value: f64, word: &str) -> Option<(f64, f64, String)> {
    let claimed = raw.claimed.as_f64()?;
    if !(value > 0.0 && claimed.is_finite() && value.is_finite()) {
        return None;
    }
    let step = numbers::round_step(written)?;
    // Percentages relate to a ratio as 1/100 ("20% of" is 0.2, "20% faster" is 1.2).
    let scale = if matches!(raw.quantity, Q::Ratio { .. }) && written.contains('%') { 0.01 } else { claimed / value };
    let half = step / 2.0 * scale.abs();
    let w = (0.10 * claimed.abs()).max(half + 0.01 * claimed.abs());
    let (lo, hi) = (claimed - w, claimed + w);
    let basis = format!(
        "approximate wording ({word}) with {written}: half its rounding step of {} plus 1%, at least 10%: accepts {}–{}",
        numbers::fmt(step),
        numbers::fmt(lo),
        numbers::fmt(hi)
    );
    Some((lo, hi, basis))
}

fn money_mult(m: Option<&str>) -> f64 {
    match m {
        Some("billion" | "bn") => 1e9,
        Some("million" | "mn" | "m") => 1e6,
        Some("thousand" | "k" | "千") => 1e3,
        Some("万") => 1e4,
        Some("亿") => 1e8,
        _ => 1.0,
    }
}

fn dollar_before(before: &str) -> bool {
    let t = before.trim_end();
    t.ends_with('$') || t.ends_with("usd")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        let _ = Patterns::new();
    }
}
