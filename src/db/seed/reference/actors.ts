import type { RefActor } from "../types.js";
import { countries, L } from "./countries.js";

const S002 = "seed 002 §4.3.5";

/** Every country that takes part in a mechanism is also an actor at the top of the hierarchy. */
const COUNTRY_ACTORS = ["CN", "LA", "MM", "TH", "KH", "VN", "US", "JP", "KR", "IN"];

const countryActors: RefActor[] = COUNTRY_ACTORS.map((code) => {
  const country = countries.find((c) => c.code === code);
  if (!country) throw new Error(`reference country ${code} is missing`);
  return { code: code.toLowerCase(), type: "government", level: "country", country: code, name: country.name, source: "seed 002 §4.1, Table 4-1" };
});

const gov = (code: string, level: RefActor["level"], parent: string, country: string, name: RefActor["name"], source: string): RefActor => ({
  code,
  type: "government",
  level,
  parent,
  country,
  name,
  source,
});

const central: RefActor[] = [
  gov("cn-state-council", "central", "cn", "CN", L("State Council of China", "中华人民共和国国务院", "ສະພາລັດຖະບານ ສປ ຈີນ", "คณะมนตรีแห่งรัฐจีน", "Quốc vụ viện Trung Quốc", "ក្រុមប្រឹក្សារដ្ឋចិន", "တရုတ်နိုင်ငံတော်ကောင်စီ"), S002),
  gov("cn-mfa", "central", "cn", "CN", L("Ministry of Foreign Affairs of China", "中华人民共和国外交部", "ກະຊວງການຕ່າງປະເທດ ສປ ຈີນ", "กระทรวงการต่างประเทศจีน", "Bộ Ngoại giao Trung Quốc", "ក្រសួងការបរទេសចិន", "တရုတ်နိုင်ငံခြားရေးဝန်ကြီးဌာန"), S002),
  {
    ...gov(
      "lmc-secretariat",
      "central",
      "cn",
      "CN",
      L(
        "Lancang-Mekong Cooperation China Secretariat",
        "澜湄合作中国秘书处",
        "ກອງເລຂາການຮ່ວມມືແມ່ຂອງ-ລ້ານຊ້າງ ຝ່າຍຈີນ",
        "สำนักเลขาธิการความร่วมมือแม่โขง-ล้านช้าง ฝ่ายจีน",
        "Ban Thư ký Hợp tác Mê Công - Lan Thương phía Trung Quốc",
        "លេខាធិការដ្ឋានកិច្ចសហប្រតិបត្តិការមេគង្គ-ឡានឆាង ភាគីចិន",
        "မဲခေါင်-လန်ချန်း ပူးပေါင်းဆောင်ရွက်ရေး တရုတ်အတွင်းရေးမှူးရုံး",
      ),
      "seed 002 §5.2",
    ),
    description: { en: "China's national secretariat of the LMC; the study finds it mostly publishes news and has no power to supervise project progress." },
  },
  gov(
    "vn-ngo-committee",
    "central",
    "vn",
    "VN",
    L(
      "Viet Nam Committee for Foreign NGO Affairs",
      "越南外国非政府组织工作委员会",
      "ຄະນະກຳມະການວຽກງານອົງການບໍ່ຂຶ້ນກັບລັດຖະບານຕ່າງປະເທດ ຫວຽດນາມ",
      "คณะกรรมการกิจการองค์กรพัฒนาเอกชนต่างประเทศของเวียดนาม",
      "Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài",
      "គណៈកម្មាធិការកិច្ចការអង្គការក្រៅរដ្ឋាភិបាលបរទេសនៃវៀតណាម",
      "ဗီယက်နမ် နိုင်ငံခြား အစိုးရမဟုတ်သောအဖွဲ့အစည်းရေးရာ ကော်မတီ",
    ),
    "seed 002 Table 4-1",
  ),
];

const provinces: RefActor[] = [
  gov("cn-yunnan", "province", "cn", "CN", L("Yunnan Province", "云南省", "ແຂວງຢູນນານ", "มณฑลยูนนาน", "Tỉnh Vân Nam", "ខេត្តយូណាន", "ယူနန်ပြည်နယ်"), S002),
  gov("cn-guangxi", "province", "cn", "CN", L("Guangxi Zhuang Autonomous Region", "广西壮族自治区", "ເຂດປົກຄອງຕົນເອງຊົນເຜົ່າຈ້ວງ ກວາງຊີ", "เขตปกครองตนเองกว่างซีจ้วง", "Khu tự trị dân tộc Choang Quảng Tây", "តំបន់ស្វយ័តក្វាងស៊ីជួង", "ကွမ်ရှီး ကျွမ်လူမျိုး ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရဒေသ"), "seed 002 §4.3.5 (3)"),
  gov("cn-hainan", "province", "cn", "CN", L("Hainan Province", "海南省", "ແຂວງໄຫ່ໜານ", "มณฑลไหหลำ", "Tỉnh Hải Nam", "ខេត្តហៃណាន", "ဟိုင်နန်ပြည်နယ်"), "seed 002 §4.3.5 (3)"),
  gov("cn-guangdong", "province", "cn", "CN", L("Guangdong Province", "广东省", "ແຂວງກວາງຕຸ້ງ", "มณฑลกวางตุ้ง", "Tỉnh Quảng Đông", "ខេត្តក្វាងទុង", "ကွမ်တုံပြည်နယ်"), "seed 002 §4.3.5 (3)"),
  gov("cn-jiangsu", "province", "cn", "CN", L("Jiangsu Province", "江苏省", "ແຂວງຈຽງຊູ", "มณฑลเจียงซู", "Tỉnh Giang Tô", "ខេត្តជាំងស៊ូ", "ကျန်ဆူးပြည်နယ်"), "seed 002 §4.2 H2; seed 003"),
  gov("cn-gansu", "province", "cn", "CN", L("Gansu Province", "甘肃省", "ແຂວງການຊູ", "มณฑลกานซู่", "Tỉnh Cam Túc", "ខេត្តកានស៊ូ", "ကန်ဆူးပြည်နယ်"), "seed 001"),
  gov("cn-zhejiang", "province", "cn", "CN", L("Zhejiang Province", "浙江省", "ແຂວງເຈີ້ຈຽງ", "มณฑลเจ้อเจียง", "Tỉnh Chiết Giang", "ខេត្តជឺជាំង", "ကျဲ့ကျန်ပြည်နယ်"), "seed 001"),
  gov("cn-xinjiang", "province", "cn", "CN", L("Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区", "ເຂດປົກຄອງຕົນເອງຊົນເຜົ່າອຸຍກູ ຊິນຈຽງ", "เขตปกครองตนเองซินเจียงอุยกูร์", "Khu tự trị Duy Ngô Nhĩ Tân Cương", "តំបន់ស្វយ័តអ៊ុយហ្គួរស៊ីនជាំង", "ရှင်ကျန်း ဝီဂါ ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရဒေသ"), "seed 001"),
  gov("la-luangnamtha", "province", "la", "LA", L("Luang Namtha Province", "琅南塔省", "ແຂວງຫຼວງນ້ຳທາ", "แขวงหลวงน้ำทา", "Tỉnh Luang Namtha", "ខេត្តហ្លួងណាំថា", "လွမ်နမ်သာပြည်နယ်"), "seed 000 (Boten side of the zone)"),
  gov("la-vientiane", "province", "la", "LA", L("Vientiane Capital", "万象市", "ນະຄອນຫຼວງວຽງຈັນ", "นครหลวงเวียงจันทน์", "Thủ đô Viêng Chăn", "រាជធានីវៀងចន្ទន៍", "ဗီယင်ကျန်းမြို့တော်"), "seed 002 §4.3.6"),
  gov("mm-shan", "province", "mm", "MM", L("Shan State", "掸邦", "ລັດສານ", "รัฐฉาน", "Bang Shan", "រដ្ឋសាន", "ရှမ်းပြည်နယ်"), "seed 000 (Muse side of the zone)"),
  gov("kh-phnom-penh", "province", "kh", "KH", L("Phnom Penh Capital", "金边市", "ນະຄອນຫຼວງພະນົມເປັນ", "กรุงพนมเปญ", "Thủ đô Phnôm Pênh", "រាជធានីភ្នំពេញ", "ဖနွမ်းပင်မြို့တော်"), "seed 002 §4.3.6"),
  gov("th-bangkok", "province", "th", "TH", L("Bangkok", "曼谷", "ບາງກອກ", "กรุงเทพมหานคร", "Băng Cốc", "បាងកក", "ဘန်ကောက်"), "seed 002 (authors' affiliation)"),
];

const local: RefActor[] = [
  gov("cn-yn-xishuangbanna", "prefecture", "cn-yunnan", "CN", L("Xishuangbanna Dai Autonomous Prefecture", "西双版纳傣族自治州", "ເຂດປົກຄອງຕົນເອງຊົນເຜົ່າໄຕ ສິບສອງພັນນາ", "เขตปกครองตนเองชนชาติไตสิบสองปันนา", "Châu tự trị dân tộc Thái Tây Song Bản Nạp", "ស្វយ័តជនជាតិដៃ ស៊ីសួងបាន់ណា", "စိပ်စောင်ပန္နား ဒိုင်း ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"), "seed 000; seed 002 §4.1 (Jinghong)"),
  gov("cn-yn-mengla", "district", "cn-yn-xishuangbanna", "CN", L("Mengla County", "勐腊县", "ເມືອງເມືອງລາ", "อำเภอเมืองล่า", "Huyện Mãnh Lạp", "ស្រុកមឿងឡា", "မိုင်းလားခရိုင်"), "seed 002 §4.3.5 (2)"),
  gov("cn-mohan", "zone", "cn-yn-mengla", "CN", L("Mohan Port Area", "磨憨口岸片区", "ເຂດດ່ານບໍ່ຫານ", "เขตด่านโม่ฮาน", "Khu cửa khẩu Ma Hán", "តំបន់ច្រកព្រំដែនម៉ូហាន", "မိုဟန် နယ်စပ်ဂိတ်ဇုန်"), "seed 000"),
  gov("cn-guanle", "zone", "cn-yn-mengla", "CN", L("Guanle Port", "关累港", "ທ່າເຮືອກວານເລີ່ຍ", "ท่าเรือกวานเล่ย", "Cảng Quan Lũy", "កំពង់ផែក្វានឡេ", "ကွမ်လေ့ဆိပ်ကမ်း"), "seed 002 §4.3.5 (2)"),
  gov("cn-yn-dehong", "prefecture", "cn-yunnan", "CN", L("Dehong Dai and Jingpo Autonomous Prefecture", "德宏傣族景颇族自治州", "ເຂດປົກຄອງຕົນເອງຊົນເຜົ່າໄຕ ແລະ ຈິ່ງພໍ້ ເຕີ້ຫົງ", "เขตปกครองตนเองชนชาติไตและจิ่งพัวเต๋อหง", "Châu tự trị dân tộc Thái và Cảnh Pha Đức Hoành", "ស្វយ័តជនជាតិដៃ និងជីងផូ ដឺហុង", "ဒေဟုန်း ဒိုင်းနှင့် ကချင် ကိုယ်ပိုင်အုပ်ချုပ်ခွင့်ရ ခရိုင်"), "seed 000 (Ruili side of the zone)"),
  gov("cn-yn-ruili", "district", "cn-yn-dehong", "CN", L("Ruili City", "瑞丽市", "ເມືອງຣຸ່ຍລີ່", "เมืองรุ่ยลี่", "Thành phố Thụy Lệ", "ក្រុងរូយលី", "ရွှေလီမြို့"), "seed 000; seed 002 §4.3.6"),
  gov("cn-ruili-zone", "zone", "cn-yn-ruili", "CN", L("Ruili Border Economic Cooperation Zone", "瑞丽边境经济合作区", "ເຂດຮ່ວມມືເສດຖະກິດຊາຍແດນຣຸ່ຍລີ່", "เขตความร่วมมือทางเศรษฐกิจชายแดนรุ่ยลี่", "Khu hợp tác kinh tế biên giới Thụy Lệ", "តំបន់សហប្រតិបត្តិការសេដ្ឋកិច្ចព្រំដែនរូយលី", "ရွှေလီ နယ်စပ်စီးပွားရေး ပူးပေါင်းဆောင်ရွက်ရေးဇုန်"), "seed 000"),
  gov("la-boten", "zone", "la-luangnamtha", "LA", L("Boten Special Economic Zone", "磨丁经济特区", "ເຂດເສດຖະກິດພິເສດບໍ່ເຕັນ", "เขตเศรษฐกิจพิเศษบ่อเต็น", "Đặc khu kinh tế Boten", "តំបន់សេដ្ឋកិច្ចពិសេសបូតេន", "ဘိုတန် အထူးစီးပွားရေးဇုန်"), "seed 000"),
  // The "inter-governmental security exchanges" seed 000 calls for along the China–Laos border.
  gov("cn-yunnan-police", "province", "cn-yunnan", "CN", L("Yunnan Provincial Public Security Department", "云南省公安厅", "ກົມປ້ອງກັນຄວາມສະຫງົບ ແຂວງຢູນນານ", "กรมความมั่นคงสาธารณะมณฑลยูนนาน", "Sở Công an tỉnh Vân Nam", "នាយកដ្ឋានសន្តិសុខសាធារណៈខេត្តយូណាន", "ယူနန်ပြည်နယ် ပြည်သူ့လုံခြုံရေးဌာန"), "seed 000 (security exchanges)"),
  gov("la-luangnamtha-police", "province", "la-luangnamtha", "LA", L("Luang Namtha Provincial Police Headquarters", "琅南塔省警察总部", "ກອງບັນຊາການ ປກສ ແຂວງຫຼວງນ້ຳທາ", "กองบัญชาการตำรวจแขวงหลวงน้ำทา", "Bộ Chỉ huy Công an tỉnh Luang Namtha", "ស្នងការដ្ឋាននគរបាលខេត្តហ្លួងណាំថា", "လွမ်နမ်သာပြည်နယ် ရဲဌာနချုပ်"), "seed 000 (security exchanges)"),
  gov("mm-muse", "district", "mm-shan", "MM", L("Muse District", "木姐县", "ເມືອງມູເຊ", "อำเภอมูเซ", "Huyện Muse", "ស្រុកមូសេ", "မူဆယ်ခရိုင်"), "seed 000"),
  gov("mm-muse-zone", "zone", "mm-muse", "MM", L("Muse Economic Cooperation Zone", "木姐经济合作区", "ເຂດຮ່ວມມືເສດຖະກິດມູເຊ", "เขตความร่วมมือทางเศรษฐกิจมูเซ", "Khu hợp tác kinh tế Muse", "តំបន់សហប្រតិបត្តិការសេដ្ឋកិច្ចមូសេ", "မူဆယ် စီးပွားရေး ပူးပေါင်းဆောင်ရွက်ရေးဇုန်"), "seed 000"),
];

/** Non-government actors the studies name; they hang under the place they are registered in. */
const others: RefActor[] = [
  {
    code: "lanmei-vocational-college",
    type: "university",
    parent: "cn-yn-ruili",
    country: "CN",
    name: L(
      "Lancang-Mekong International Vocational College",
      "澜湄国际职业学院",
      "ວິທະຍາໄລວິຊາຊີບສາກົນ ລ້ານຊ້າງ-ແມ່ຂອງ",
      "วิทยาลัยอาชีวศึกษานานาชาติล้านช้าง-แม่โขง",
      "Trường Cao đẳng Nghề Quốc tế Lan Thương - Mê Công",
      "មហាវិទ្យាល័យវិជ្ជាជីវៈអន្តរជាតិ ឡានឆាង-មេគង្គ",
      "လန်ချန်း-မဲခေါင် နိုင်ငံတကာ အသက်မွေးဝမ်းကျောင်းပညာ ကောလိပ်",
    ),
    source: "seed 002 §4.3.6",
  },
  {
    code: "yufe",
    type: "university",
    parent: "cn-yunnan",
    country: "CN",
    name: L(
      "Yunnan University of Finance and Economics",
      "云南财经大学",
      "ມະຫາວິທະຍາໄລການເງິນ ແລະ ເສດຖະສາດ ຢູນນານ",
      "มหาวิทยาลัยการเงินและเศรษฐศาสตร์ยูนนาน",
      "Đại học Tài chính Kinh tế Vân Nam",
      "សាកលវិទ្យាល័យហិរញ្ញវត្ថុ និងសេដ្ឋកិច្ចយូណាន",
      "ယူနန် ဘဏ္ဍာရေးနှင့် စီးပွားရေး တက္ကသိုလ်",
    ),
    source: "seed 004",
  },
  {
    code: "siam-university",
    type: "university",
    parent: "th-bangkok",
    country: "TH",
    name: L("Siam University", "暹罗大学", "ມະຫາວິທະຍາໄລສະຫຍາມ", "มหาวิทยาลัยสยาม", "Đại học Siam", "សាកលវិទ្យាល័យសៀម", "ဆီယမ်တက္ကသိုလ်"),
    source: "seed 002",
  },
  {
    code: "wildlife-alliance",
    type: "ngo",
    parent: "us",
    country: "US",
    name: L("Wildlife Alliance", "野生动物联盟", "ພັນທະມິດສັດປ່າ", "พันธมิตรสัตว์ป่า", "Liên minh Động vật Hoang dã", "សម្ព័ន្ធសត្វព្រៃ", "တောရိုင်းတိရစ္ဆာန် မဟာမိတ်အဖွဲ့"),
    description: { en: "US NGO active in Laos and Cambodia since 1980 on biodiversity, natural resources and the illegal wildlife trade." },
    source: "seed 002 §4.3.7 (1)",
  },
  {
    code: "jvc",
    type: "ngo",
    parent: "jp",
    country: "JP",
    name: L(
      "Japan International Volunteer Center",
      "日本国际志愿者中心",
      "ສູນອາສາສະໝັກສາກົນ ຍີ່ປຸ່ນ",
      "ศูนย์อาสาสมัครระหว่างประเทศญี่ปุ่น",
      "Trung tâm Tình nguyện Quốc tế Nhật Bản",
      "មជ្ឈមណ្ឌលស្ម័គ្រចិត្តអន្តរជាតិជប៉ុន",
      "ဂျပန် နိုင်ငံတကာ စေတနာ့ဝန်ထမ်း စင်တာ",
    ),
    source: "seed 002 §4.3.7 (2)",
  },
  {
    code: "asean",
    type: "international",
    name: L("Association of Southeast Asian Nations (ASEAN)", "东南亚国家联盟（东盟）", "ສະມາຄົມປະຊາຊາດແຫ່ງອາຊີຕາເວັນອອກສຽງໃຕ້ (ອາຊຽນ)", "สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้ (อาเซียน)", "Hiệp hội các quốc gia Đông Nam Á (ASEAN)", "សមាគមប្រជាជាតិអាស៊ីអាគ្នេយ៍ (អាស៊ាន)", "အရှေ့တောင်အာရှနိုင်ငံများအသင်း (အာဆီယံ)"),
    source: "seed 002 §4.1",
  },
  {
    code: "mrc-secretariat",
    type: "international",
    name: L("Mekong River Commission Secretariat", "湄公河委员会秘书处", "ກອງເລຂາຄະນະກຳມາທິການແມ່ນ້ຳຂອງ", "สำนักงานเลขาธิการคณะกรรมาธิการแม่น้ำโขง", "Ban Thư ký Ủy hội sông Mê Công", "លេខាធិការដ្ឋានគណៈកម្មការទន្លេមេគង្គ", "မဲခေါင်မြစ်ကော်မရှင် အတွင်းရေးမှူးရုံး"),
    source: "seed 002 §3.4",
  },
];

const sample = (a: Omit<RefActor, "isSample" | "source">): RefActor => ({ ...a, isSample: true, source: "sample" });

/** Illustrative organisations so the sample projects have enterprises and finance bodies in them. */
const samples: RefActor[] = [
  sample({
    code: "sample-yn-logistics",
    type: "enterprise",
    parent: "cn-yunnan",
    country: "CN",
    name: L("Sample Yunnan Cross-border Logistics Co.", "示例·云南跨境物流公司", "ຕົວຢ່າງ·ບໍລິສັດຂົນສົ່ງຂ້າມແດນ ຢູນນານ", "ตัวอย่าง·บริษัทโลจิสติกส์ข้ามแดนยูนนาน", "Mẫu·Công ty Logistics xuyên biên giới Vân Nam", "គំរូ·ក្រុមហ៊ុនដឹកជញ្ជូនឆ្លងដែនយូណាន", "နမူနာ·ယူနန် နယ်ကျော်ထောက်ပံ့ပို့ဆောင်ရေး ကုမ္ပဏီ"),
    description: { en: "Sample data: an illustrative enterprise, not a real company." },
  }),
  sample({
    code: "sample-la-agri-coop",
    type: "ngo",
    parent: "la-luangnamtha",
    country: "LA",
    name: L("Sample Luang Namtha Farmers' Cooperative", "示例·琅南塔农民合作社", "ຕົວຢ່າງ·ສະຫະກອນຊາວກະສິກອນ ຫຼວງນ້ຳທາ", "ตัวอย่าง·สหกรณ์เกษตรกรหลวงน้ำทา", "Mẫu·Hợp tác xã nông dân Luang Namtha", "គំរូ·សហករណ៍កសិករហ្លួងណាំថា", "နမူနာ·လွမ်နမ်သာ လယ်သမား သမဝါယမ"),
    description: { en: "Sample data: an illustrative social organisation, not a real cooperative." },
  }),
  sample({
    code: "sample-mekong-bank",
    type: "finance",
    parent: "cn-yunnan",
    country: "CN",
    name: L("Sample Mekong Development Bank", "示例·湄公河发展银行", "ຕົວຢ່າງ·ທະນາຄານພັດທະນາແມ່ຂອງ", "ตัวอย่าง·ธนาคารพัฒนาแม่โขง", "Mẫu·Ngân hàng Phát triển Mê Công", "គំរូ·ធនាគារអភិវឌ្ឍន៍មេគង្គ", "နမူနာ·မဲခေါင် ဖွံ့ဖြိုးရေးဘဏ်"),
    description: { en: "Sample data: an illustrative finance body, not a real bank." },
  }),
];

export const actors: RefActor[] = [...countryActors, ...central, ...provinces, ...local, ...others, ...samples];
