//! Text preparation: one normalised copy of the article that maps back to the original's
//! character offsets, split into sentences with navigation and advertising lines left out.
//!
//! Normalisation folds full-width ASCII (digits, letters, punctuation) to ASCII, odd spaces
//! to a space, curly apostrophes to `'`, a small table of traditional characters to their
//! simplified forms (only those the extractor's Chinese keywords use; one character for one,
//! so offsets stay exact), and drops inline pronunciation annotations such as
//! `英偉達（yīng wěi dá）` or `昇騰(ㄕㄥˋ ㄊㄥˊ)`.

/// The article, normalised, with the original character offset of every normalised char.
pub(crate) struct Normalized {
    /// Normalised text (case kept).
    pub text: String,
    /// The same text with ASCII letters lowercased (identical byte offsets).
    pub lower: String,
    /// Byte offset in `text` of each normalised char, plus a final `text.len()`.
    starts: Vec<usize>,
    /// Original char offset of each normalised char, plus the original's char count.
    orig: Vec<usize>,
    /// The original's chars, for slicing sentences back out.
    original: Vec<char>,
}

impl Normalized {
    /// Normalised char index of a byte offset of `text` (a char boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s < byte)
    }

    /// Original char offset of a normalised byte offset.
    pub fn orig_of_byte(&self, byte: usize) -> usize {
        self.orig[self.char_at(byte).min(self.orig.len() - 1)]
    }

    /// Original char span `[start, end)` of a normalised byte range.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.orig_of_byte(start);
        if end <= start {
            return (a, a);
        }
        // The end is one past the original position of the last normalised char.
        let last = self.char_at(end).saturating_sub(1);
        let b = self.orig[last] + 1;
        (a, b.max(a))
    }

    /// The original text of an original char span.
    pub fn original(&self, start: usize, end: usize) -> String {
        self.original[start.min(self.original.len())..end.min(self.original.len())].iter().collect()
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// CJK ideographs and kana: characters that are words of their own for boundary checks.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3040}'..='\u{30FF}')
}

fn is_zhuyin(c: char) -> bool {
    matches!(c, '\u{3100}'..='\u{312F}' | '\u{31A0}'..='\u{31BF}' | 'ˉ' | 'ˊ' | 'ˇ' | 'ˋ' | '˙')
}

fn is_toned_vowel(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Whether the text inside a parenthesis after a Han character is a pronunciation: pinyin
/// with tone marks, zhuyin, or toneless pinyin syllables with tone digits (`ying1 wei3`).
fn is_pronunciation(inner: &[char]) -> bool {
    if inner.is_empty() || inner.len() > 60 {
        return false;
    }
    let allowed = |c: char| {
        c.is_ascii_alphabetic()
            || c == ' '
            || c == '\''
            || c == '·'
            || c == '-'
            || c.is_ascii_digit()
            || is_toned_vowel(c)
            || is_zhuyin(c)
    };
    if !inner.iter().all(|&c| allowed(c)) {
        return false;
    }
    if inner.iter().any(|&c| is_toned_vowel(c) || is_zhuyin(c)) {
        return !inner.iter().any(char::is_ascii_uppercase)
            || inner.iter().filter(|c| c.is_ascii_uppercase()).count() <= 1;
    }
    // Tone digits: every token is lowercase letters with a vowel, then one digit 1-5.
    let s: String = inner.iter().collect();
    s.split([' ', '\'', '-']).filter(|t| !t.is_empty()).all(|t| {
        let (letters, digit) = t.split_at(t.len() - 1);
        !letters.is_empty()
            && letters.chars().all(|c| c.is_ascii_lowercase())
            && letters.chars().any(|c| "aeiouv".contains(c))
            && matches!(digit, "1" | "2" | "3" | "4" | "5")
    }) && s.chars().any(|c| c.is_ascii_digit())
}

/// Traditional characters used by the extractor's keywords, to their simplified forms.
fn simplify(c: char) -> char {
    match c {
        '偉' => '伟',
        '計' => '计',
        '繳' => '缴',
        '據' => '据',
        '導' => '导',
        '報' => '报',
        '於' => '于',
        '統' => '统',
        '備' => '备',
        '達' => '达',
        '騰' => '腾',
        '華' => '华',
        '為' => '为',
        '記' => '记',
        '憶' => '忆',
        '體' => '体',
        '頻' => '频',
        '寬' => '宽',
        '顯' => '显',
        '許' => '许',
        '證' => '证',
        '營' => '营',
        '與' => '与',
        '約' => '约',
        '僅' => '仅',
        '當' => '当',
        '價' => '价',
        '億' => '亿',
        '萬' => '万',
        '鎧' => '铠',
        '規' => '规',
        '則' => '则',
        '稅' => '税',
        '關' => '关',
        '級' => '级',
        '傳' => '传',
        '輸' => '输',
        '時' => '时',
        '間' => '间',
        '實' => '实',
        '發' => '发',
        '這' => '这',
        '個' => '个',
        '來' => '来',
        '說' => '说',
        '對' => '对',
        '將' => '将',
        '從' => '从',
        '開' => '开',
        '國' => '国',
        '務' => '务',
        '銷' => '销',
        '獲' => '获',
        '專' => '专',
        '線' => '线',
        '門' => '门',
        '檻' => '槛',
        '兩' => '两',
        '點' => '点',
        '觀' => '观',
        '製' => '制',
        '運' => '运',
        '須' => '须',
        '請' => '请',
        '權' => '权',
        '費' => '费',
        '額' => '额',
        '總' => '总',
        '處' => '处',
        '較' => '较',
        '強' => '强',
        '雙' => '双',
        '聯' => '联',
        '連' => '连',
        '內' => '内',
        '陸' => '陆',
        '馬' => '马',
        '亞' => '亚',
        '羅' => '罗',
        '應' => '应',
        '經' => '经',
        '濟' => '济',
        '階' => '阶',
        '準' => '准',
        '帶' => '带',
        '臺' => '台',
        '灣' => '湾',
        '號' => '号',
        '廣' => '广',
        '閱' => '阅',
        '讀' => '读',
        '錄' => '录',
        '註' => '注',
        '冊' => '册',
        '頁' => '页',
        '編' => '编',
        '輯' => '辑',
        '責' => '责',
        '聲' => '声',
        '閉' => '闭',
        '徵' => '征',
        other => other,
    }
}

fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
        '\u{FF5F}'..='\u{FFEF}' => c,
        _ => simplify(c),
    }
}

/// Normalises an article (see the module doc).
pub(crate) fn normalize(input: &str) -> Normalized {
    let original: Vec<char> = input.chars().collect();
    let mut text = String::with_capacity(input.len());
    let mut starts = Vec::with_capacity(original.len() + 1);
    let mut orig = Vec::with_capacity(original.len() + 1);
    let mut last_kept: Option<char> = None;
    let mut i = 0;
    while i < original.len() {
        let c = original[i];
        if (c == '(' || c == '（') && last_kept.is_some_and(is_han) {
            let close = original[i + 1..].iter().take(62).position(|&d| d == ')' || d == '）');
            if let Some(k) = close
                && is_pronunciation(&original[i + 1..i + 1 + k])
            {
                i += k + 2;
                continue;
            }
        }
        let f = fold(c);
        starts.push(text.len());
        orig.push(i);
        text.push(f);
        last_kept = Some(f);
        i += 1;
    }
    starts.push(text.len());
    orig.push(original.len());
    let lower = text.to_ascii_lowercase();
    Normalized { text, lower, starts, orig, original }
}

/// One sentence: a byte range of the normalised text and its paragraph number.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

const BOILERPLATE_MARKERS: &[&str] = &[
    "advertisement",
    "sponsored",
    "subscribe",
    "sign in",
    "sign up",
    "log in",
    "newsletter",
    "cookie",
    "all rights reserved",
    "copyright",
    "©",
    "related:",
    "related articles",
    "read more",
    "share this",
    "follow us",
    "skip to content",
    "most popular",
    "广告",
    "推广",
    "订阅",
    "登录",
    "注册",
    "相关阅读",
    "相关新闻",
    "相关文章",
    "延伸阅读",
    "推荐阅读",
    "责任编辑",
    "版权所有",
    "免责声明",
    "扫码",
    "关注我们",
    "点击查看",
    "上一篇",
    "下一篇",
    "返回首页",
    "热门文章",
];

/// Navigation bars, menus, advertising and footers: short lines with a marker, or lines of
/// short items separated by `|`, `·`, `>` or `»`.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    let t = line.trim();
    let chars = t.chars().count();
    if chars == 0 {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if chars <= 120 && BOILERPLATE_MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let seps = t.chars().filter(|c| matches!(c, '|' | '·' | '>' | '»' | '•')).count();
    if seps >= 2 {
        let items = seps + 1;
        let enders = t.chars().filter(|c| matches!(c, '。' | '.' | '!' | '?' | '！' | '？')).count();
        if chars / items <= 16 && enders <= 1 {
            return true;
        }
    }
    false
}

const ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "mr", "ms", "mrs", "dr", "no", "vs", "approx", "est", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "e.g", "i.e", "u.s", "u.k", "st",
];

/// Splits the normalised text into sentences, skipping boilerplate lines.
pub(crate) fn sentences(n: &Normalized) -> (Vec<Sentence>, usize) {
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut line_start = 0;
    let text = &n.text;
    let mut paragraph = 0;
    for line in text.split('\n') {
        let base = line_start;
        line_start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        paragraph += 1;
        if is_boilerplate(line) {
            skipped += 1;
            continue;
        }
        split_line(line, base, paragraph, &mut out);
    }
    (out, skipped)
}

fn split_line(line: &str, base: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut start = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, d)| d);
        let end_here = match c {
            '。' | '！' | '？' | '!' | '?' | ';' | '；' => true,
            '.' => period_ends(line, &chars, k, next),
            _ => false,
        };
        if end_here {
            let end = b + c.len_utf8();
            push(line, base, start, end, paragraph, out);
            start = end;
        }
    }
    push(line, base, start, line.len(), paragraph, out);
}

fn period_ends(line: &str, chars: &[(usize, char)], k: usize, next: Option<char>) -> bool {
    match next {
        None => {}
        Some(d) if d.is_whitespace() || is_cjk(d) || d == '"' => {}
        Some(_) => return false,
    }
    // The next word starting lowercase or with a digit continues the sentence.
    if let Some(&(_, d)) = chars[k + 1..].iter().find(|(_, d)| !d.is_whitespace())
        && (d.is_ascii_lowercase() || d.is_ascii_digit())
    {
        return false;
    }
    let b = chars[k].0;
    let before = &line[..b];
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let w = word.to_ascii_lowercase();
    if w.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    !ABBREVIATIONS.contains(&w.as_str())
}

fn push(line: &str, base: usize, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &line[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if s.trim().is_empty() {
        return;
    }
    out.push(Sentence { start: base + start + lead, end: base + end - trail, paragraph });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fullwidth_and_traditional_fold() {
        let n = normalize("英偉達Ｈ２０：９６ＧＢ");
        assert_eq!(n.text, "英伟达H20:96GB");
        assert_eq!(n.orig_span(n.text.find("H20").unwrap(), n.text.find("H20").unwrap() + 3), (3, 6));
    }

    #[test]
    fn pronunciation_dropped_with_offsets() {
        let src = "昇騰（shēng téng）910B很强";
        let n = normalize(src);
        assert_eq!(n.text, "昇腾910B很强");
        let b = n.text.find("910B").unwrap();
        let (s, e) = n.orig_span(b, b + 4);
        assert_eq!(n.original(s, e), "910B");
        // A chip name in parentheses stays.
        assert_eq!(normalize("英伟达（NVIDIA）H20").text, "英伟达(NVIDIA)H20");
        assert_eq!(normalize("英伟达(ying1 wei3 da2)").text, "英伟达");
        assert_eq!(normalize("芯片(ㄒㄧㄣ ㄆㄧㄢˋ)").text, "芯片");
    }

    #[test]
    fn sentence_splitting() {
        let n = normalize(
            "The U.S. said so. It has 4.0 TB/s. 它很快。Apr. 9 2025 was the day.\nHome | World | Tech | Business\n",
        );
        let (s, skipped) = sentences(&n);
        let texts: Vec<&str> = s.iter().map(|x| &n.text[x.start..x.end]).collect();
        assert_eq!(texts, ["The U.S. said so.", "It has 4.0 TB/s.", "它很快。", "Apr. 9 2025 was the day."]);
        assert_eq!(skipped, 1);
    }
}
