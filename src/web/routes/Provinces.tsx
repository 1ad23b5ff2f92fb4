import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n";

export function Provinces() {
  const { t } = useI18n();
  return <PageTitle>{t("nav.provinces")}</PageTitle>;
}

export function ProvincePage() {
  const { t } = useI18n();
  return <PageTitle>{t("nav.provinces")}</PageTitle>;
}
