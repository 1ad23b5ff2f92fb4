import type { RefMechanism, RefParticipantCount } from "../types.js";
import { L } from "./countries.js";

type Member = RefMechanism["members"][number];

/** The five Mekong countries every outside-led mechanism pairs with its lead country. */
const MEKONG_FIVE = ["kh", "la", "mm", "th", "vn"];

const members = (role: Member["role"], codes: string[], extra: Partial<Member> = {}): Member[] => codes.map((actor) => ({ actor, role, ...extra }));

const lmc: RefMechanism = {
  code: "LMC",
  name: L("Lancang-Mekong Cooperation", "澜沧江-湄公河合作", "ການຮ່ວມມືແມ່ຂອງ-ລ້ານຊ້າງ", "ความร่วมมือแม่โขง-ล้านช้าง", "Hợp tác Mê Công - Lan Thương", "កិច្ចសហប្រតិបត្តិការមេគង្គ-ឡានឆាង", "မဲခေါင်-လန်ချန်း ပူးပေါင်းဆောင်ရွက်မှု"),
  description: {
    en: "Sub-regional mechanism of the six Lancang-Mekong countries, proposed by China in November 2014 and launched at the first foreign ministers' meeting in Jinghong; government-guided, with many participants and organised around projects.",
    zh: "澜湄六国的次区域合作机制，2014年11月由中国提出，在景洪首次外长会上正式启动；政府引导、多方参与、项目为本。",
  },
  foundedOn: "2015-11-12",
  foundedPrecision: "day",
  secretariat: "lmc-secretariat",
  source: "seed 002 §4.1, §5.1",
  pillars: [
    { code: "political-security", name: L("Political and security issues", "政治安全", "ບັນຫາການເມືອງ ແລະ ຄວາມໝັ້ນຄົງ", "การเมืองและความมั่นคง", "Chính trị - an ninh", "នយោបាយ និងសន្តិសុខ", "နိုင်ငံရေးနှင့် လုံခြုံရေး") },
    { code: "economic-sustainable", name: L("Economic and sustainable development", "经济和可持续发展", "ເສດຖະກິດ ແລະ ການພັດທະນາແບບຍືນຍົງ", "เศรษฐกิจและการพัฒนาที่ยั่งยืน", "Kinh tế và phát triển bền vững", "សេដ្ឋកិច្ច និងការអភិវឌ្ឍប្រកបដោយចីរភាព", "စီးပွားရေးနှင့် ရေရှည်တည်တံ့သော ဖွံ့ဖြိုးမှု") },
    { code: "social-cultural", name: L("Social, cultural and people-to-people exchanges", "社会人文交流", "ການແລກປ່ຽນສັງຄົມ, ວັດທະນະທຳ ແລະ ປະຊາຊົນ", "สังคม วัฒนธรรม และการแลกเปลี่ยนระหว่างประชาชน", "Xã hội, văn hóa và giao lưu nhân dân", "សង្គម វប្បធម៌ និងការផ្លាស់ប្តូររវាងប្រជាជន", "လူမှုရေး၊ ယဉ်ကျေးမှုနှင့် ပြည်သူချင်း ဖလှယ်မှု") },
  ],
  priorityAreas: [
    { code: "connectivity", name: L("Connectivity", "互联互通", "ການເຊື່ອມຕໍ່", "ความเชื่อมโยง", "Kết nối", "ការតភ្ជាប់", "ချိတ်ဆက်မှု") },
    { code: "production-capacity", name: L("Production capacity", "产能合作", "ກຳລັງການຜະລິດ", "กำลังการผลิต", "Năng lực sản xuất", "សមត្ថភាពផលិតកម្ម", "ထုတ်လုပ်မှုစွမ်းရည်") },
    { code: "cross-border-economic", name: L("Cross-border economic cooperation", "跨境经济合作", "ການຮ່ວມມືເສດຖະກິດຂ້າມແດນ", "ความร่วมมือทางเศรษฐกิจข้ามพรมแดน", "Hợp tác kinh tế xuyên biên giới", "កិច្ចសហប្រតិបត្តិការសេដ្ឋកិច្ចឆ្លងដែន", "နယ်စပ်ဖြတ်ကျော် စီးပွားရေး ပူးပေါင်းဆောင်ရွက်မှု") },
    { code: "water-resources", name: L("Water resources", "水资源合作", "ຊັບພະຍາກອນນ້ຳ", "ทรัพยากรน้ำ", "Tài nguyên nước", "ធនធានទឹក", "ရေအရင်းအမြစ်") },
    { code: "agriculture-poverty", name: L("Agriculture and poverty reduction", "农业和减贫", "ກະສິກຳ ແລະ ການຫຼຸດຜ່ອນຄວາມທຸກຍາກ", "เกษตรกรรมและการลดความยากจน", "Nông nghiệp và giảm nghèo", "កសិកម្ម និងការកាត់បន្ថយភាពក្រីក្រ", "စိုက်ပျိုးရေးနှင့် ဆင်းရဲမွဲတေမှု လျှော့ချရေး") },
  ],
  organs: [
    { code: "leaders-meeting", kind: "leaders_meeting", name: L("Leaders' Meeting", "领导人会议", "ກອງປະຊຸມຜູ້ນຳ", "การประชุมผู้นำ", "Hội nghị Lãnh đạo", "កិច្ចប្រជុំថ្នាក់ដឹកនាំ", "ခေါင်းဆောင်များ အစည်းအဝေး") },
    { code: "fm-meeting", kind: "foreign_ministers_meeting", name: L("Foreign Ministers' Meeting", "外长会", "ກອງປະຊຸມລັດຖະມົນຕີການຕ່າງປະເທດ", "การประชุมรัฐมนตรีต่างประเทศ", "Hội nghị Bộ trưởng Ngoại giao", "កិច្ចប្រជុំរដ្ឋមន្ត្រីការបរទេស", "နိုင်ငံခြားရေးဝန်ကြီးများ အစည်းအဝေး") },
    { code: "som", kind: "senior_officials_meeting", name: L("Senior Officials' Meeting", "高官会", "ກອງປະຊຸມເຈົ້າໜ້າທີ່ອາວຸໂສ", "การประชุมเจ้าหน้าที่อาวุโส", "Hội nghị Quan chức cấp cao", "កិច្ចប្រជុំមន្ត្រីជាន់ខ្ពស់", "အဆင့်မြင့်အရာရှိများ အစည်းအဝေး") },
    { code: "jwg", kind: "joint_working_group", name: L("Joint working groups on the priority areas", "优先领域联合工作组", "ຄະນະເຮັດວຽກຮ່ວມດ້ານຂົງເຂດບູລິມະສິດ", "คณะทำงานร่วมด้านสาขาความร่วมมือสำคัญ", "Các nhóm công tác chung về lĩnh vực ưu tiên", "ក្រុមការងាររួមលើវិស័យអាទិភាព", "ဦးစားပေးကဏ္ဍဆိုင်ရာ ပူးတွဲလုပ်ငန်းအဖွဲ့များ") },
    {
      code: "cn-secretariat",
      kind: "national_secretariat",
      actor: "lmc-secretariat",
      name: L("China National Secretariat", "中国国家秘书处", "ກອງເລຂາແຫ່ງຊາດ ຈີນ", "สำนักเลขาธิการแห่งชาติจีน", "Ban Thư ký quốc gia Trung Quốc", "លេខាធិការដ្ឋានជាតិចិន", "တရုတ် အမျိုးသား အတွင်းရေးမှူးရုံး"),
    },
  ],
  members: [
    { actor: "cn", role: "lead", since: "2015-11-12" },
    ...members("member", MEKONG_FIVE, { since: "2015-11-12" }),
  ],
};

const lmi: RefMechanism = {
  code: "LMI",
  name: L("Mekong-U.S. Partnership (Lower Mekong Initiative)", "湄公河-美国伙伴关系（湄公河下游倡议）", "ຄູ່ຮ່ວມມືແມ່ຂອງ-ສະຫະລັດ (ຂໍ້ລິເລີ່ມແມ່ນ້ຳຂອງຕອນລຸ່ມ)", "หุ้นส่วนแม่โขง-สหรัฐฯ (ข้อริเริ่มลุ่มแม่น้ำโขงตอนล่าง)", "Đối tác Mê Công - Hoa Kỳ (Sáng kiến Hạ nguồn Mê Công)", "ភាពជាដៃគូមេគង្គ-សហរដ្ឋអាមេរិក (គំនិតផ្តួចផ្តើមមេគង្គក្រោម)", "မဲခေါင်-အမေရိကန် မိတ်ဖက် (မဲခေါင်အောက်ပိုင်း အစပျိုးမှု)"),
  description: { en: "US-led mechanism launched after the 2009 US-Mekong ministerial meeting; environment, health, training and infrastructure, with a large NGO presence." },
  foundedOn: "2009-01-01",
  foundedPrecision: "year",
  source: "seed 002 §2.2, Table 4-1",
  members: [{ actor: "us", role: "lead" }, ...members("member", MEKONG_FIVE)],
};

const mjc: RefMechanism = {
  code: "MJC",
  name: L("Mekong-Japan Cooperation", "湄公河-日本合作", "ການຮ່ວມມືແມ່ຂອງ-ຍີ່ປຸ່ນ", "ความร่วมมือแม่โขง-ญี่ปุ่น", "Hợp tác Mê Công - Nhật Bản", "កិច្ចសហប្រតិបត្តិការមេគង្គ-ជប៉ុន", "မဲခေါင်-ဂျပန် ပူးပေါင်းဆောင်ရွက်မှု"),
  description: { en: "Japan-led mechanism with yearly leaders', foreign ministers' and economic ministers' meetings; aid through government-backed NGOs." },
  source: "seed 002 §4.3.7 (2), Table 4-1",
  members: [{ actor: "jp", role: "lead" }, ...members("member", MEKONG_FIVE)],
};

const gms: RefMechanism = {
  code: "GMS",
  name: L("Greater Mekong Subregion Economic Cooperation Program", "大湄公河次区域经济合作", "ແຜນງານຮ່ວມມືເສດຖະກິດອະນຸພາກພື້ນແມ່ນ້ຳຂອງ", "แผนงานความร่วมมือทางเศรษฐกิจในอนุภูมิภาคลุ่มแม่น้ำโขง", "Chương trình Hợp tác Kinh tế Tiểu vùng Mê Công mở rộng", "កម្មវិធីសហប្រតិបត្តិការសេដ្ឋកិច្ចអនុតំបន់មហាមេគង្គ", "မဲခေါင်ဒေသခွဲကြီး စီးပွားရေး ပူးပေါင်းဆောင်ရွက်မှု အစီအစဉ်"),
  description: { en: "Economic and connectivity programme of the six riparian countries since 1992; Yunnan hosts its Economic Corridor Governors' Forum." },
  foundedOn: "1992-01-01",
  foundedPrecision: "year",
  source: "seed 002 §2.3, §3.2",
  members: [...members("member", ["cn", ...MEKONG_FIVE]), ...members("member", ["cn-yunnan", "cn-guangxi"])],
};

const mrc: RefMechanism = {
  code: "MRC",
  name: L("Mekong River Commission", "湄公河委员会", "ຄະນະກຳມາທິການແມ່ນ້ຳຂອງ", "คณะกรรมาธิการแม่น้ำโขง", "Ủy hội sông Mê Công", "គណៈកម្មការទន្លេមេគង្គ", "မဲခေါင်မြစ် ကော်မရှင်"),
  description: { en: "River-basin organisation of the four lower Mekong countries (1995), with China and Myanmar outside as observers; expert on water but without binding force." },
  foundedOn: "1995-01-01",
  foundedPrecision: "year",
  secretariat: "mrc-secretariat",
  source: "seed 002 §3.2, §3.4",
  members: [...members("member", ["kh", "la", "th", "vn"]), ...members("observer", ["cn", "mm"])],
};

const mkc: RefMechanism = {
  code: "MKC",
  name: L("Mekong-Republic of Korea Cooperation", "湄公河-韩国合作", "ການຮ່ວມມືແມ່ຂອງ-ສາທາລະນະລັດເກົາຫຼີ", "ความร่วมมือแม่โขง-สาธารณรัฐเกาหลี", "Hợp tác Mê Công - Hàn Quốc", "កិច្ចសហប្រតិបត្តិការមេគង្គ-សាធារណរដ្ឋកូរ៉េ", "မဲခေါင်-ကိုရီးယားသမ္မတနိုင်ငံ ပူးပေါင်းဆောင်ရွက်မှု"),
  description: { en: "Korea-led mechanism with the five Mekong countries, part of the outside involvement the LMC study compares." },
  source: "seed 002 §4.2 H1",
  members: [{ actor: "kr", role: "lead" }, ...members("member", MEKONG_FIVE)],
};

const acmecs: RefMechanism = {
  code: "ACMECS",
  name: L("Ayeyawady-Chao Phraya-Mekong Economic Cooperation Strategy", "伊洛瓦底江-湄南河-湄公河经济合作战略", "ຍຸດທະສາດການຮ່ວມມືທາງເສດຖະກິດ ອີຣະວະດີ-ເຈົ້າພະຍາ-ແມ່ຂອງ", "ยุทธศาสตร์ความร่วมมือทางเศรษฐกิจ อิรวดี-เจ้าพระยา-แม่โขง", "Chiến lược Hợp tác Kinh tế Ayeyawady - Chao Phraya - Mê Công", "យុទ្ធសាស្ត្រសហប្រតិបត្តិការសេដ្ឋកិច្ច អ៊ីរ៉ាវ៉ាឌី-ចៅប្រាយ៉ា-មេគង្គ", "ဧရာဝတီ-ချောက်ဖရားယား-မဲခေါင် စီးပွားရေး ပူးပေါင်းဆောင်ရွက်မှု မဟာဗျူဟာ"),
  description: { en: "Mechanism of the five Mekong countries without an outside lead." },
  source: "issue 2 (comparison list)",
  members: [{ actor: "th", role: "lead" }, ...members("member", ["kh", "la", "mm", "vn"])],
};

const mgc: RefMechanism = {
  code: "MGC",
  name: L("Mekong-Ganga Cooperation", "湄公河-恒河合作", "ການຮ່ວມມືແມ່ຂອງ-ຄົງຄາ", "ความร่วมมือแม่โขง-คงคา", "Hợp tác Mê Công - Sông Hằng", "កិច្ចសហប្រតិបត្តិការមេគង្គ-គង្គា", "မဲခေါင်-ဂင်္ဂါ ပူးပေါင်းဆောင်ရွက်မှု"),
  description: { en: "India-led mechanism with the five Mekong countries; India's \"Look East\" policy of the 1990s is among the outside shocks the LMC study names." },
  source: "seed 002 §4.2 H1",
  members: [{ actor: "in", role: "lead" }, ...members("member", MEKONG_FIVE)],
};

const bri: RefMechanism = {
  code: "BRI",
  name: L("Belt and Road Initiative", "“一带一路”倡议", "ຂໍ້ລິເລີ່ມ ໜຶ່ງແລວ ໜຶ່ງເສັ້ນທາງ", "ข้อริเริ่มแถบและเส้นทาง", "Sáng kiến Vành đai và Con đường", "គំនិតផ្តួចផ្តើមខ្សែក្រវ៉ាត់ និងផ្លូវ", "ခါးပတ်နှင့်လမ်း အစပျိုးမှု"),
  description: { en: "The Silk Road Economic Belt and the 21st-century Maritime Silk Road; the frame in which Chinese local governments build their own cooperation mechanisms." },
  source: "seed 001; seed 004",
  members: [{ actor: "cn", role: "lead" }, ...members("member", ["la", "cn-yunnan", "cn-guangxi", "cn-jiangsu", "cn-gansu", "cn-zhejiang", "cn-xinjiang"])],
};

const mbz: RefMechanism = {
  code: "MBZ",
  name: L("China–Laos Mohan–Boten Economic Cooperation Zone", "中老磨憨—磨丁经济合作区", "ເຂດຮ່ວມມືເສດຖະກິດ ບໍ່ຫານ-ບໍ່ເຕັນ ຈີນ-ລາວ", "เขตความร่วมมือทางเศรษฐกิจโม่ฮาน-บ่อเต็น จีน-ลาว", "Khu hợp tác kinh tế Ma Hán - Boten Trung Quốc - Lào", "តំបន់សហប្រតិបត្តិការសេដ្ឋកិច្ច ម៉ូហាន-បូតេន ចិន-ឡាវ", "တရုတ်-လာအို မိုဟန်-ဘိုတန် စီးပွားရေး ပူးပေါင်းဆောင်ရွက်ရေးဇုန်"),
  description: { en: "Cross-border zone on the Sino-Lao border; the study finds no dispute channel, funding gaps, fragmented cooperation and too few trained people." },
  source: "seed 000",
  organs: [{ code: "joint-committee", kind: "joint_committee", name: L("Joint committee", "联合委员会", "ຄະນະກຳມະການຮ່ວມ", "คณะกรรมการร่วม", "Ủy ban hỗn hợp", "គណៈកម្មាធិការចម្រុះ", "ပူးတွဲကော်မတီ") }],
  members: members("member", ["cn", "la", "cn-yunnan", "la-luangnamtha", "cn-mohan", "la-boten"]),
};

const rmz: RefMechanism = {
  code: "RMZ",
  name: L("China–Myanmar Ruili–Muse Economic Cooperation Zone", "中缅瑞丽—木姐经济合作区", "ເຂດຮ່ວມມືເສດຖະກິດ ຣຸ່ຍລີ່-ມູເຊ ຈີນ-ມຽນມາ", "เขตความร่วมมือทางเศรษฐกิจรุ่ยลี่-มูเซ จีน-เมียนมา", "Khu hợp tác kinh tế Thụy Lệ - Muse Trung Quốc - Myanmar", "តំបន់សហប្រតិបត្តិការសេដ្ឋកិច្ច រូយលី-មូសេ ចិន-មីយ៉ានម៉ា", "တရုတ်-မြန်မာ ရွှေလီ-မူဆယ် စီးပွားရေး ပူးပေါင်းဆောင်ရွက်ရေးဇုန်"),
  description: { en: "Cross-border zone on the China–Myanmar border whose experience the Mohan–Boten study draws on." },
  source: "seed 000",
  members: members("member", ["cn", "mm", "cn-yunnan", "mm-shan", "cn-ruili-zone", "mm-muse-zone"]),
};

export const mechanisms: RefMechanism[] = [lmc, lmi, mjc, gms, mrc, mkc, acmecs, mgc, bri, mbz, rmz];

/** Table 4-1: NGOs of each mechanism's lead country registered in Viet Nam. */
export const participantCounts: RefParticipantCount[] = [
  { mechanism: "LMC", country: "VN", actorType: "ngo", count: 17, source: "seed 002 Table 4-1" },
  { mechanism: "LMI", country: "VN", actorType: "ngo", count: 111, source: "seed 002 Table 4-1" },
  { mechanism: "MJC", country: "VN", actorType: "ngo", count: 32, source: "seed 002 Table 4-1" },
];
