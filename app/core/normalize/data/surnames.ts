/**
 * Surnames for splitting names. Single-character surnames are the 400 most
 * frequent in wainshine/Chinese-Names-Corpus (Chinese_Family_Name_1k, commit
 * 47d4af8d816f6212787ddfc49173cac3b994b58d, Apache-2.0), in its frequency
 * order, less 於 (canonically 于, already listed); see README.md beside this file. Simplified (canonical) forms only:
 * names are canonicalised before lookup.
 */

/** Single-character surnames, most frequent first. */
export const SINGLE_SURNAMES: string =
  "王李张刘陈杨黄吴赵周徐孙马朱胡林郭何高罗郑梁谢宋唐许邓冯韩曹曾彭肖蔡潘田董袁于余蒋叶杜苏魏程吕丁沈任" +
  "姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白毛江闫薛尹付段雷黎史龙钱贺陶顾龚郝邵万严洪赖武傅莫孔" +
  "汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟申殷詹欧耿关覃兰焦俞左柳甘祝包代宁符阮尚舒纪柯梅童" +
  "毕凌单季成霍苗裴涂谷曲盛冉翁蓝骆路游靳辛管柴蒙鲍华喻祁房蒲滕萧屈饶解牟艾尤时阳阎穆应农司古吉卓车简连" +
  "缪项麦褚窦娄戚岑党宫景卜费冷晏卫席柏米隋宗桂瞿全苟楼闵佟臧边卞姬邬和师仇栾丘刁沙商寇荣巫郎桑丛甄敖虞" +
  "仲池巩明佘查麻苑迟邝封官谈鞠匡惠荆乐冀胥郁南班储芦原栗燕楚鄢扬劳谌奚皮蔺粟冼盘满闻厉伊候仝区郜海阚花" +
  "权强帅屠朴盖练廉禹井巴漆祖丰支卿国狄平计索宣晋相占初门云容敬来扈晁都芮普阙戈浦伏薄鹿邸雍辜阿羊母亓裘" +
  "修邰杭赫况那宿鲜逯印隆习茹诸战慕危玉银亢公嵇豆哈湛宾勾茅戎利呼居干揭但尉斯元束檀衣信阴展昝智幸奉植";

/**
 * Compound surnames: the corpus list without its misspellings (殴阳, 冷狐,
 * 夏候) and without 刘付/刘傅, which would split too many 刘 names.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
  "夏侯", "长孙", "宇文", "司徒", "端木", "百里", "淳于", "澹台", "第五", "独孤",
  "段干", "公西", "公羊", "公冶", "赫连", "呼延", "乐正", "闾丘", "纳兰", "南宫",
  "南门", "濮阳", "亓官", "申屠", "司空", "司寇", "太史", "太叔", "拓跋", "完颜",
  "万俟", "闻人", "巫马", "西门", "鲜于", "轩辕", "钟离", "仲孙", "颛孙", "宗政",
  "左丘",
];
