import type { LocalizedText } from "../../schema/common.js";
import type { RefCountry } from "../types.js";

/** Builds a name in the seven languages, in Concord's order: en, zh, lo, th, vi, km, my. */
export const L = (en: string, zh: string, lo: string, th: string, vi: string, km: string, my: string): LocalizedText => ({ en, zh, lo, th, vi, km, my });

export const countries: RefCountry[] = [
  { code: "CN", iso3: "CHN", region: "East Asia", name: L("China", "中国", "ຈີນ", "จีน", "Trung Quốc", "ចិន", "တရုတ်") },
  { code: "LA", iso3: "LAO", region: "Southeast Asia", name: L("Laos", "老挝", "ລາວ", "ลาว", "Lào", "ឡាវ", "လာအို") },
  { code: "MM", iso3: "MMR", region: "Southeast Asia", name: L("Myanmar", "缅甸", "ມຽນມາ", "เมียนมา", "Myanmar", "មីយ៉ានម៉ា", "မြန်မာ") },
  { code: "TH", iso3: "THA", region: "Southeast Asia", name: L("Thailand", "泰国", "ໄທ", "ไทย", "Thái Lan", "ថៃ", "ထိုင်း") },
  { code: "KH", iso3: "KHM", region: "Southeast Asia", name: L("Cambodia", "柬埔寨", "ກຳປູເຈຍ", "กัมพูชา", "Campuchia", "កម្ពុជា", "ကမ္ဘောဒီးယား") },
  { code: "VN", iso3: "VNM", region: "Southeast Asia", name: L("Viet Nam", "越南", "ຫວຽດນາມ", "เวียดนาม", "Việt Nam", "វៀតណាម", "ဗီယက်နမ်") },
  { code: "US", iso3: "USA", region: "North America", name: L("United States", "美国", "ສະຫະລັດອາເມລິກາ", "สหรัฐอเมริกา", "Hoa Kỳ", "សហរដ្ឋអាមេរិក", "အမေရိကန်ပြည်ထောင်စု") },
  { code: "JP", iso3: "JPN", region: "East Asia", name: L("Japan", "日本", "ຍີ່ປຸ່ນ", "ญี่ปุ่น", "Nhật Bản", "ជប៉ុន", "ဂျပန်") },
  { code: "KR", iso3: "KOR", region: "East Asia", name: L("Republic of Korea", "韩国", "ສາທາລະນະລັດເກົາຫຼີ", "สาธารณรัฐเกาหลี", "Hàn Quốc", "សាធារណរដ្ឋកូរ៉េ", "ကိုရီးယားသမ္မတနိုင်ငံ") },
  { code: "IN", iso3: "IND", region: "South Asia", name: L("India", "印度", "ອິນເດຍ", "อินเดีย", "Ấn Độ", "ឥណ្ឌា", "အိန္ဒိယ") },
  { code: "SG", iso3: "SGP", region: "Southeast Asia", name: L("Singapore", "新加坡", "ສິງກະໂປ", "สิงคโปร์", "Singapore", "សិង្ហបុរី", "စင်္ကာပူ") },
];
