/**
 * Every catalog key the matcher's explanations use, with suggested text, so
 * the UI catalogs (app/i18n/catalogs) can be filled. Values are i18next
 * strings: {{query}} and {{entry}} are the two values compared (as written),
 * {{percent}} a rounded probability.
 */

export const MATCH_I18N_EN: Readonly<Record<string, string>> = {
  "match.field.name": "Name",
  "match.field.formerNames": "Former names",
  "match.field.sex": "Sex",
  "match.field.birthDate": "Date of birth",
  "match.field.idNumber": "ID number",
  "match.field.birthPlace": "Place of birth",
  "match.field.nativePlace": "Native place",
  "match.field.address": "Address",
  "match.field.fatherName": "Father's name",
  "match.field.motherName": "Mother's name",
  "match.field.spouseName": "Spouse's name",

  "match.level.missing": "Not compared: missing on one side or both",
  "match.level.name.superseded": "The names differ, but one is the other's former name (see former names)",
  "match.level.name.exact": "Written exactly the same: {{query}}",
  "match.level.name.canonical-equal": "The same name in traditional and simplified characters: {{query}} / {{entry}}",
  "match.level.name.married-name-equal": "The same name with a husband's surname in front: {{query}} / {{entry}}",
  "match.level.name.married-form-husband-equal": "Written in the married form (husband's surname, own surname, 氏); her own surname and her husband's agree: {{query}} / {{entry}}",
  "match.level.name.married-form-equal": "Written in the married form (husband's surname, own surname, 氏); her own surname agrees: {{query}} / {{entry}}",
  "match.level.name.married-form-other-husband": "Written in the married form; her own surname agrees, but the husband's surname is not her recorded spouse's: {{query}} / {{entry}}",
  "match.level.name.alternative": "Matches another possible reading of the scan: {{entry}}",
  "match.level.name.ocr-confusion": "Differs only in characters that text recognition often confuses: {{query}} / {{entry}}",
  "match.level.name.same-pinyin": "Sounds the same but is written with different characters: {{query}} / {{entry}}",
  "match.level.name.added-character": "One character added (often a speck or stroke read as a character): {{query}} / {{entry}}",
  "match.level.name.edit-distance-1": "One character differs: {{query}} / {{entry}}",
  "match.level.name.other-surname": "The same given name under another surname (a surname misread?): {{query}} / {{entry}}",
  "match.level.name.similar": "Close: a misread character and a same-sounding or look-alike one: {{query}} / {{entry}}",
  "match.level.name.different": "Different names: {{query}} / {{entry}}",

  "match.level.formerNames.name-is-former": "One name is the other's former name: {{query}} / {{entry}}",
  "match.level.formerNames.former-equal": "Both list the same former name: {{query}}",
  "match.level.formerNames.name-like-former": "A name is close to the other's former name: {{query}} / {{entry}}",
  "match.level.formerNames.different": "The former names differ: {{query}} / {{entry}}",

  "match.level.sex.agree": "Same sex",
  "match.level.sex.disagree": "Different sex",

  "match.level.date.superseded": "Compared through the ID numbers, whose birth dates agree",
  "match.level.date.exact": "Same date: {{query}}",
  "match.level.date.era-converted": "The same date written in another calendar era: {{query}} / {{entry}}",
  "match.level.date.lunar-converted": "The same day once the lunar-calendar date is converted (please check): {{query}} / {{entry}}",
  "match.level.date.read-as-lunar": "The same day if one date, written as an ordinary date, is really a lunar birthday (please check): {{query}} / {{entry}}",
  "match.level.date.day-month-swapped": "Day and month are swapped: {{query}} / {{entry}}",
  "match.level.date.day-off-by-one": "One day apart: {{query}} / {{entry}}",
  "match.level.date.one-field-off": "One digit of the year, month or day differs: {{query}} / {{entry}}",
  "match.level.date.same-year-month": "Same year and month: {{query}} / {{entry}}",
  "match.level.date.partial": "Only the year is known on one side, and it agrees: {{query}} / {{entry}}",
  "match.level.date.same-year": "Same year, different month or day: {{query}} / {{entry}}",
  "match.level.date.year-off-by-one": "The year differs by one, same month and day: {{query}} / {{entry}}",
  "match.level.date.different": "Different dates: {{query}} / {{entry}}",

  "match.level.id.exact": "Same ID number",
  "match.level.id.upgraded-equal": "The same ID number: the old 15-digit form matches the 18-digit one",
  "match.level.id.equal-unverified": "The same digits, but the check digit is wrong, so the number cannot be confirmed",
  "match.level.id.one-digit-off": "One digit differs, probably a misreading: {{query}} / {{entry}}",
  "match.level.id.birth-date-agrees": "Different ID numbers with the same date of birth: {{query}} / {{entry}}",
  "match.level.id.same-birth-two-numbers": "Two different ID numbers with the same date of birth, too unlike to be one number misread: {{query}} / {{entry}}",
  "match.level.id.different": "Different ID numbers: {{query}} / {{entry}}",

  "match.level.place.exact": "Same place: {{query}}",
  "match.level.place.contains": "One place lies within the other: {{query}} / {{entry}}",
  "match.level.place.similar": "Similar place names: {{query}} / {{entry}}",
  "match.level.place.different": "Different places: {{query}} / {{entry}}",

  "match.detail.ocr-alternative": "from another possible reading of the scan",
  "match.detail.digit-unreadable": "one digit of the date on the scan could not be read, so it counts as one of several possible dates",
  "match.detail.from-id": "taken from the ID number",
  "match.detail.id-over-stated": "compared with the date in the ID number, which the date given contradicts (numbers were issued from the register); the date given counts one time in twenty",
  "match.detail.id-region": "the place the ID number was issued, standing in for the birthplace (most people were registered where they were born)",
  "match.detail.surname-shared": "both people bear the father's surname, so only his given name counts",
  "match.detail.married-surname": "married form against a full name",
  "match.detail.married-surname-look-alike": "married form against a full name whose surname looks like hers on the scan (one may be misread)",
  "match.detail.married-both": "both written in married forms",
  "match.detail.surname-only": "only the surname is written (X氏)",
  "match.detail.husband-surname-added": "husband's surname added in front",
  "match.detail.substituted": "one digit replaced",
  "match.detail.transposed": "two neighbouring digits swapped",
  "match.detail.former-name": "explained by a former name",
  "match.detail.married-form-male": "a married woman's name form, but one side is a man",
  "match.detail.husband-surname-agrees": "the husband's surname in the married form is the spouse's on the other side",
  "match.detail.husband-surname-differs": "the husband's surname in the married form is not the spouse's on the other side",

  "match.direction.for": "Speaks for a match",
  "match.direction.against": "Speaks against a match",
  "match.direction.neutral": "Neither for nor against",
  "match.verdict.candidate": "Possible match, {{percent}}% likely",
  "match.verdict.notFound": "No entry matches well enough. That is a real answer: the record may not be in these archives.",
};

export const MATCH_I18N_ZH_HANS: Readonly<Record<string, string>> = {
  "match.field.name": "姓名",
  "match.field.formerNames": "曾用名",
  "match.field.sex": "性别",
  "match.field.birthDate": "出生日期",
  "match.field.idNumber": "公民身份号码",
  "match.field.birthPlace": "出生地",
  "match.field.nativePlace": "籍贯",
  "match.field.address": "住址",
  "match.field.fatherName": "父亲姓名",
  "match.field.motherName": "母亲姓名",
  "match.field.spouseName": "配偶姓名",

  "match.level.missing": "未比对：一方或双方缺少此项",
  "match.level.name.superseded": "姓名不同，但一方是另一方的曾用名（见曾用名）",
  "match.level.name.exact": "写法完全相同：{{query}}",
  "match.level.name.canonical-equal": "繁简写法不同，实为同名：{{query}} / {{entry}}",
  "match.level.name.married-name-equal": "同名，前面加了夫姓：{{query}} / {{entry}}",
  "match.level.name.married-form-husband-equal": "按已婚写法（夫姓＋本姓＋氏）记载，本姓和夫姓都相同：{{query}} / {{entry}}",
  "match.level.name.married-form-equal": "按已婚写法（夫姓＋本姓＋氏）记载，本姓相同：{{query}} / {{entry}}",
  "match.level.name.married-form-other-husband": "按已婚写法记载，本姓相同，但夫姓不是所记配偶的姓：{{query}} / {{entry}}",
  "match.level.name.alternative": "与扫描件的另一种识别结果相同：{{entry}}",
  "match.level.name.ocr-confusion": "仅差在文字识别常混淆的字上：{{query}} / {{entry}}",
  "match.level.name.same-pinyin": "读音相同，用字不同：{{query}} / {{entry}}",
  "match.level.name.added-character": "多了一个字（常是污点或笔画被认成字）：{{query}} / {{entry}}",
  "match.level.name.edit-distance-1": "有一个字不同：{{query}} / {{entry}}",
  "match.level.name.other-surname": "名字相同，姓氏不同（姓氏是否误读？）：{{query}} / {{entry}}",
  "match.level.name.similar": "相近：一个字可能被误读，另一个字读音相同或字形相近：{{query}} / {{entry}}",
  "match.level.name.different": "姓名不同：{{query}} / {{entry}}",

  "match.level.formerNames.name-is-former": "一方姓名是另一方的曾用名：{{query}} / {{entry}}",
  "match.level.formerNames.former-equal": "双方记有相同的曾用名：{{query}}",
  "match.level.formerNames.name-like-former": "一方姓名与另一方曾用名相近：{{query}} / {{entry}}",
  "match.level.formerNames.different": "曾用名不同：{{query}} / {{entry}}",

  "match.level.sex.agree": "性别相同",
  "match.level.sex.disagree": "性别不同",

  "match.level.date.superseded": "已通过公民身份号码比对，号码中的出生日期相同",
  "match.level.date.exact": "日期相同：{{query}}",
  "match.level.date.era-converted": "换算纪年后日期相同：{{query}} / {{entry}}",
  "match.level.date.lunar-converted": "农历换算后为同一天（请核实）：{{query}} / {{entry}}",
  "match.level.date.read-as-lunar": "若其中一个日期实为农历生日，换算后为同一天（请核实）：{{query}} / {{entry}}",
  "match.level.date.day-month-swapped": "月、日颠倒：{{query}} / {{entry}}",
  "match.level.date.day-off-by-one": "相差一天：{{query}} / {{entry}}",
  "match.level.date.one-field-off": "年、月或日有一位数字不同：{{query}} / {{entry}}",
  "match.level.date.same-year-month": "年、月相同：{{query}} / {{entry}}",
  "match.level.date.partial": "一方只有年份，年份相同：{{query}} / {{entry}}",
  "match.level.date.same-year": "年份相同，月或日不同：{{query}} / {{entry}}",
  "match.level.date.year-off-by-one": "年份差一年，月日相同：{{query}} / {{entry}}",
  "match.level.date.different": "日期不同：{{query}} / {{entry}}",

  "match.level.id.exact": "公民身份号码相同",
  "match.level.id.upgraded-equal": "号码相同：15位旧号码升位后与18位号码一致",
  "match.level.id.equal-unverified": "数字相同，但校验码不符，无法确认",
  "match.level.id.one-digit-off": "有一位数字不同，可能是识别错误：{{query}} / {{entry}}",
  "match.level.id.birth-date-agrees": "号码不同，出生日期相同：{{query}} / {{entry}}",
  "match.level.id.same-birth-two-numbers": "两个不同的号码，出生日期相同，差别太大，不像同一号码识别错误：{{query}} / {{entry}}",
  "match.level.id.different": "号码不同：{{query}} / {{entry}}",

  "match.level.place.exact": "地点相同：{{query}}",
  "match.level.place.contains": "一处地点在另一处范围内：{{query}} / {{entry}}",
  "match.level.place.similar": "地名相近：{{query}} / {{entry}}",
  "match.level.place.different": "地点不同：{{query}} / {{entry}}",

  "match.detail.ocr-alternative": "来自扫描件的另一种识别结果",
  "match.detail.digit-unreadable": "扫描件上日期有一位数字无法辨认，只算作几个可能日期之一",
  "match.detail.from-id": "取自公民身份号码",
  "match.detail.id-over-stated": "按公民身份号码中的日期比对，所填日期与之不符（号码依户口登记签发）；所填日期只按二十分之一计",
  "match.detail.id-region": "以公民身份号码的签发地代替出生地（多数人在出生地登记户口）",
  "match.detail.surname-shared": "双方姓氏都随父姓，只按父亲的名字计算",
  "match.detail.married-surname": "已婚写法与全名比对",
  "match.detail.married-surname-look-alike": "已婚写法与全名比对，两个姓字形相近（可能有一个识别错误）",
  "match.detail.married-both": "双方都是已婚写法",
  "match.detail.surname-only": "只记了姓（某氏）",
  "match.detail.husband-surname-added": "前面加了夫姓",
  "match.detail.substituted": "一位数字被替换",
  "match.detail.transposed": "相邻两位数字颠倒",
  "match.detail.former-name": "可由曾用名解释",
  "match.detail.married-form-male": "已婚妇女的写法，但一方是男性",
  "match.detail.husband-surname-agrees": "已婚写法中的夫姓与另一方记载的配偶姓氏相同",
  "match.detail.husband-surname-differs": "已婚写法中的夫姓与另一方记载的配偶姓氏不同",

  "match.direction.for": "支持是同一人",
  "match.direction.against": "不支持是同一人",
  "match.direction.neutral": "不影响判断",
  "match.verdict.candidate": "可能是同一人，可能性 {{percent}}%",
  "match.verdict.notFound": "没有足够相符的记录。这也是一个结论：该记录可能不在这些档案中。",
};

export const MATCH_I18N_KEYS: readonly string[] = Object.keys(MATCH_I18N_EN);

/** Flat dotted keys to the nested shape the catalogs use. */
export function nestedCatalog(flat: Readonly<Record<string, string>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = text;
  }
  return root;
}
