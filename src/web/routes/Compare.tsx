import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n";

export function Compare() {
  const { t } = useI18n();
  return <PageTitle>{t("nav.compare")}</PageTitle>;
}
