//! A synthetic curriculum shaped like the real one, written to disk for benchmarks: the
//! current layout, English and Ukrainian, blocks of 20–60 steps, median file about 2 KB, seed
//! and solution code identical across languages (as real translations are), one or two code
//! blocks per lesson on average. Deterministic, so runs compare.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A block's name and the lesson numbers in it.
type Block = (String, std::ops::Range<usize>);

/// Writes `lessons` lessons in each of English and Ukrainian under `root`. Returns the bytes
/// written.
pub fn write(root: &Path, lessons: usize) -> std::io::Result<u64> {
    let mut bytes = 0u64;
    let structure = root.join("structure");
    std::fs::create_dir_all(structure.join("blocks"))?;
    std::fs::create_dir_all(structure.join("superblocks"))?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut blocks: Vec<Block> = Vec::new();
    let mut n = 0;
    while n < lessons {
        let size = (20 + rng.below(41)).min(lessons - n);
        blocks.push((format!("block-{}", blocks.len()), n..n + size));
        n += size;
    }
    let superblocks: Vec<(String, &[Block])> = blocks
        .chunks(25)
        .enumerate()
        .map(|(i, c)| (format!("superblock-{i}"), c))
        .collect();
    let names: Vec<String> = superblocks
        .iter()
        .map(|(s, _)| format!("\"{s}\""))
        .collect();
    std::fs::write(
        structure.join("curriculum.json"),
        format!(
            "{{\"superblocks\": [{}], \"certifications\": []}}",
            names.join(", ")
        ),
    )?;
    for (sb, sb_blocks) in &superblocks {
        let list: Vec<String> = sb_blocks.iter().map(|(b, _)| format!("\"{b}\"")).collect();
        std::fs::write(
            structure.join("superblocks").join(format!("{sb}.json")),
            format!("{{\"blocks\": [{}]}}", list.join(", ")),
        )?;
    }
    for (block, range) in &blocks {
        let order: Vec<String> = range
            .clone()
            .map(|i| {
                format!(
                    "{{\"id\": \"{}\", \"title\": \"Step {}\"}}",
                    id(i),
                    i - range.start + 1
                )
            })
            .collect();
        std::fs::write(
            structure.join("blocks").join(format!("{block}.json")),
            format!(
                "{{\"name\": \"Block {block}\", \"dashedName\": \"{block}\", \"isUpcomingChange\": false, \"helpCategory\": \"JavaScript\", \"blockLayout\": \"challenge-grid\", \"blockType\": \"workshop\", \"challengeOrder\": [{}]}}",
                order.join(", ")
            ),
        )?;
        for lang in ["english", "ukrainian"] {
            let dir = root.join(lang).join("blocks").join(block);
            std::fs::create_dir_all(&dir)?;
            for i in range.clone() {
                let mut step = Rng(i as u64 * 7919 + 1);
                let text = lesson(i, i - range.start + 1, lang == "ukrainian", &mut step);
                bytes += text.len() as u64;
                std::fs::write(dir.join(format!("{}.md", id(i))), text)?;
            }
        }
    }
    let _ = rng.below(1);
    Ok(bytes)
}

fn id(i: usize) -> String {
    format!("{:024x}", 0x6600_0000_0000_0000_0000_0000u128 + i as u128)
}

/// Small deterministic generator (xorshift), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n.max(1)) as usize
    }
}

const EN: &[&str] = &[
    "A function groups statements so that you can run them again by name.",
    "Use `const` for values that never change and `let` for those that do.",
    "The <dfn>return value</dfn> is what the caller receives back.",
    "Arrays keep their items in order, starting at index `0`.",
    "Template literals use backticks and can hold `${expressions}`.",
    "See the [reference](https://developer.mozilla.org/) for more details.",
];
const UK: &[&str] = &[
    "Функція об’єднує інструкції, щоб їх можна було виконати знову за назвою.",
    "Використовуйте `const` для значень, що не змінюються, і `let` для тих, що змінюються.",
    "<dfn>Значення, що повертається</dfn>, — це те, що отримує викликач.",
    "Масиви зберігають елементи за порядком, починаючи з індексу `0`.",
    "Шаблонні літерали беруть у зворотні лапки й можуть містити `${expressions}`.",
    "Докладніше дивіться в [довіднику](https://developer.mozilla.org/).",
];

fn lesson(i: usize, step: usize, uk: bool, rng: &mut Rng) -> String {
    let prose = if uk { UK } else { EN };
    let mut s = String::with_capacity(2600);
    let title = if uk {
        format!("Крок {step}")
    } else {
        format!("Step {step}")
    };
    let _ = write!(
        s,
        "---\nid: {}\ntitle: {title}\nchallengeType: 0\ndashedName: step-{step}\n---\n\n# --description--\n\n",
        id(i)
    );
    for _ in 0..2 + rng.below(4) {
        for _ in 0..1 + rng.below(3) {
            s.push_str(prose[rng.below(prose.len() as u64)]);
            s.push(' ');
        }
        s.push_str("\n\n");
    }
    // Every third lesson shows an example in its description (one or two code blocks a lesson).
    if i.is_multiple_of(3) {
        let _ = write!(
            s,
            "```js\nconst total{i} = prices.reduce((sum, p) => sum + p, 0);\nconsole.log(total{i});\n```\n\n"
        );
    }
    s.push_str("# --hints--\n\n");
    for h in 0..2 + rng.below(4) {
        let text = if uk {
            "Ваш код має оголосити змінну"
        } else {
            "Your code should declare the variable"
        };
        let _ = write!(
            s,
            "{text} `value{h}`.\n\n```js\nassert.match(code, /let\\s+value{h}\\s*=/);\n```\n\n"
        );
    }
    let _ = write!(
        s,
        "# --seed--\n\n## --seed-contents--\n\n```js\nconst prices = [{i}, {}, {}];\n--fcc-editable-region--\n\n--fcc-editable-region--\nfunction step{i}(items) {{\n  return items.map((item) => item * 2);\n}}\n```\n\n# --solutions--\n\n```js\nconst prices = [{i}, {}, {}];\nlet value0 = 1;\nfunction step{i}(items) {{\n  return items.map((item) => item * 2);\n}}\n```\n",
        i + 1,
        i + 2,
        i + 1,
        i + 2
    );
    s
}
