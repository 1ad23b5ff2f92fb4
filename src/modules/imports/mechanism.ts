import { eq } from "drizzle-orm";
import type { ServiceContext } from "../../core/context.js";
import type { LocalizedText } from "../../db/schema/common.js";
import { mechanisms } from "../../db/schema/mechanisms.js";
import { findMechanism } from "../mechanisms/read.js";
import { ruleAt } from "../../core/errors.js";

/**
 * Imported projects belong to a mechanism like every other project. Unless the user names one,
 * each source gets its own, so the portfolio can set them beside the mechanism's own projects
 * (and the overlap analysis can tell them apart).
 */
export const SOURCE_MECHANISMS = {
  iati: {
    code: "IATI",
    source: "International Aid Transparency Initiative (IATI) activity files imported into Concord",
    name: {
      en: "IATI publishers (imported activities)",
      zh: "IATI 发布方（导入的活动）",
      lo: "ຜູ້ເຜີຍແຜ່ IATI (ກິດຈະກຳທີ່ນຳເຂົ້າ)",
      th: "ผู้เผยแพร่ IATI (กิจกรรมที่นำเข้า)",
      vi: "Các bên công bố IATI (hoạt động được nhập)",
      km: "អ្នកផ្សព្វផ្សាយ IATI (សកម្មភាពដែលបាននាំចូល)",
      my: "IATI ထုတ်ပြန်သူများ (တင်သွင်းထားသော လုပ်ငန်းများ)",
    },
  },
  gcdf: {
    code: "GCDF",
    source: "AidData, Global Chinese Development Finance Dataset, Version 2.0 (ODC-By 1.0)",
    name: {
      en: "Chinese official finance (AidData GCDF 2.0)",
      zh: "中国官方资金（AidData GCDF 2.0）",
      lo: "ທຶນທາງການຂອງຈີນ (AidData GCDF 2.0)",
      th: "เงินทุนทางการของจีน (AidData GCDF 2.0)",
      vi: "Tài chính chính thức của Trung Quốc (AidData GCDF 2.0)",
      km: "ហិរញ្ញវត្ថុផ្លូវការរបស់ចិន (AidData GCDF 2.0)",
      my: "တရုတ်အစိုးရ ငွေကြေးအထောက်အပံ့ (AidData GCDF 2.0)",
    },
  },
  csv: {
    code: "CSV",
    source: "Projects imported from spreadsheets",
    name: {
      en: "Imported from spreadsheets",
      zh: "从电子表格导入",
      lo: "ນຳເຂົ້າຈາກຕາຕະລາງ",
      th: "นำเข้าจากสเปรดชีต",
      vi: "Nhập từ bảng tính",
      km: "នាំចូលពីតារាងទិន្នន័យ",
      my: "စာရင်းဇယားမှ တင်သွင်းထားသည်",
    },
  },
} satisfies Record<string, { code: string; source: string; name: LocalizedText }>;

/** The mechanism an import writes into: the one the user named (it must exist), or the source's own, created on first use. */
export async function importMechanism(ctx: ServiceContext, source: keyof typeof SOURCE_MECHANISMS, named?: string | null): Promise<{ id: string; code: string }> {
  if (named) {
    const m = await findMechanism(ctx.db, named).catch(() => {
      throw ruleAt("unknown_mechanism", "mechanism", { ref: named });
    });
    return { id: m.id, code: m.code };
  }
  const def = SOURCE_MECHANISMS[source];
  const [found] = await ctx.db.select({ id: mechanisms.id, code: mechanisms.code }).from(mechanisms).where(eq(mechanisms.code, def.code));
  if (found) return found;
  const [row] = await ctx.db
    .insert(mechanisms)
    .values({ code: def.code, name: def.name, source: def.source, createdAt: ctx.now(), updatedAt: ctx.now() })
    .onConflictDoNothing()
    .returning({ id: mechanisms.id, code: mechanisms.code });
  if (row) return row;
  const [again] = await ctx.db.select({ id: mechanisms.id, code: mechanisms.code }).from(mechanisms).where(eq(mechanisms.code, def.code));
  return again!;
}
