import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n";
import { OverlapSection } from "./compare/Overlap";
import { SideBySideSection } from "./compare/SideBySide";

/** Mechanisms compared: where they overlap, and how they differ side by side. */
export function Compare() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("nav.compare")}</PageTitle>
      <OverlapSection />
      <SideBySideSection />
    </>
  );
}
