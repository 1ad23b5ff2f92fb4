import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n";

export function Duplicates() {
  const { t } = useI18n();
  return <PageTitle>{t("nav.duplicates")}</PageTitle>;
}
