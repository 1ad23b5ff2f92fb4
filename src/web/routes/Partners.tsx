import { PageTitle, RoleGate } from "../components/ui";
import { useI18n } from "../i18n";
import { Browse } from "./partners/Browse";
import { ZoneGroups } from "./partners/Groups";
import { PostForm } from "./partners/PostForm";

/** Going out together: post offers and needs, browse them, see a need's matches and a zone's groups. */
export function Partners() {
  const { t } = useI18n();
  return (
    <RoleGate title={t("nav.partners")}>
      <PageTitle>{t("partners.title")}</PageTitle>
      <p className="muted description">{t("partners.intro")}</p>
      <Browse />
      <PostForm />
      <ZoneGroups />
    </RoleGate>
  );
}
