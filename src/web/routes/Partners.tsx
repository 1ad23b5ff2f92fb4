import { PageTitle } from "../components/ui";
import { useI18n } from "../i18n";

/** Going out together: post offers and needs, browse them, see a need's matches and a zone's groups. */
export function Partners() {
  const { t } = useI18n();
  return <PageTitle>{t("nav.partners")}</PageTitle>;
}
