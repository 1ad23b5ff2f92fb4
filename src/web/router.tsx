import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent } from "@tanstack/react-router";
import { Layout } from "./components/Layout";
import { parseProjectSearch, str } from "./lib/search";
import { NotFound } from "./routes/NotFound";

export type { ProjectSearch } from "./lib/search";

export type RouterContext = { queryClient: QueryClient };

const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Layout, notFoundComponent: NotFound });

const home = createRoute({ getParentRoute: () => rootRoute, path: "/", component: lazyRouteComponent(() => import("./routes/Home"), "Home") });
const dashboard = createRoute({
  getParentRoute: () => rootRoute,
  path: "/dashboard",
  validateSearch: (s: Record<string, unknown>): { mechanism?: string } => ({ mechanism: str(s.mechanism, 64) }),
  component: lazyRouteComponent(() => import("./routes/Dashboard"), "Dashboard"),
});
const signIn = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => ({ redirect: str(s.redirect) }),
  component: lazyRouteComponent(() => import("./routes/SignIn"), "SignIn"),
});
const projects = createRoute({
  getParentRoute: () => rootRoute,
  path: "/projects",
  validateSearch: parseProjectSearch,
  component: lazyRouteComponent(() => import("./routes/Projects"), "Projects"),
});
const projectNew = createRoute({ getParentRoute: () => rootRoute, path: "/projects/new", component: lazyRouteComponent(() => import("./routes/ProjectNew"), "ProjectNew") });
const project = createRoute({ getParentRoute: () => rootRoute, path: "/projects/$ref", component: lazyRouteComponent(() => import("./routes/Project"), "ProjectPage") });
const mechanisms = createRoute({ getParentRoute: () => rootRoute, path: "/mechanisms", component: lazyRouteComponent(() => import("./routes/Mechanisms"), "Mechanisms") });
const mechanism = createRoute({ getParentRoute: () => rootRoute, path: "/mechanisms/$ref", component: lazyRouteComponent(() => import("./routes/Mechanisms"), "MechanismPage") });
const actors = createRoute({ getParentRoute: () => rootRoute, path: "/actors", component: lazyRouteComponent(() => import("./routes/Actors"), "Actors") });
const actor = createRoute({ getParentRoute: () => rootRoute, path: "/actors/$ref", component: lazyRouteComponent(() => import("./routes/Actors"), "ActorPage") });
const events = createRoute({
  getParentRoute: () => rootRoute,
  path: "/events",
  validateSearch: (s: Record<string, unknown>): { mechanism?: string; basin?: string; kind?: string; track?: string } => ({ mechanism: str(s.mechanism, 64), basin: str(s.basin, 16), kind: str(s.kind, 40), track: str(s.track, 3) }),
  component: lazyRouteComponent(() => import("./routes/Events"), "Events"),
});

const water = createRoute({
  getParentRoute: () => rootRoute,
  path: "/water",
  validateSearch: (s: Record<string, unknown>): { basin?: string; q?: string } => ({ basin: str(s.basin, 16), q: str(s.q, 200) }),
  component: lazyRouteComponent(() => import("./routes/Water"), "Water"),
});

const calls = createRoute({ getParentRoute: () => rootRoute, path: "/calls", component: lazyRouteComponent(() => import("./routes/Calls"), "Calls") });
const callNew = createRoute({ getParentRoute: () => rootRoute, path: "/calls/new", component: lazyRouteComponent(() => import("./routes/Calls"), "CallNew") });
const call = createRoute({ getParentRoute: () => rootRoute, path: "/calls/$ref", component: lazyRouteComponent(() => import("./routes/Calls"), "CallPage") });
const applications = createRoute({
  getParentRoute: () => rootRoute,
  path: "/applications",
  validateSearch: (s: Record<string, unknown>): { call?: string; status?: string } => ({ call: str(s.call, 64), status: str(s.status, 20) }),
  component: lazyRouteComponent(() => import("./routes/Applications"), "Applications"),
});
const applicationNew = createRoute({
  getParentRoute: () => rootRoute,
  path: "/applications/new",
  validateSearch: (s: Record<string, unknown>): { call?: string } => ({ call: str(s.call, 64) }),
  component: lazyRouteComponent(() => import("./routes/Applications"), "ApplicationNew"),
});
const application = createRoute({ getParentRoute: () => rootRoute, path: "/applications/$ref", component: lazyRouteComponent(() => import("./routes/Applications"), "ApplicationPage") });
const applicationRevise = createRoute({ getParentRoute: () => rootRoute, path: "/applications/$ref/revise", component: lazyRouteComponent(() => import("./routes/Applications"), "ApplicationRevise") });
const lateReports = createRoute({ getParentRoute: () => rootRoute, path: "/reports/late", component: lazyRouteComponent(() => import("./routes/Monitoring"), "LateReports") });
const exposure = createRoute({ getParentRoute: () => rootRoute, path: "/exposure", component: lazyRouteComponent(() => import("./routes/Monitoring"), "Exposure") });
const fundingGap = createRoute({ getParentRoute: () => rootRoute, path: "/funding-gap", component: lazyRouteComponent(() => import("./routes/Monitoring"), "FundingGap") });
const imports = createRoute({ getParentRoute: () => rootRoute, path: "/imports", component: lazyRouteComponent(() => import("./routes/Imports"), "Imports") });

const eventPage = createRoute({ getParentRoute: () => rootRoute, path: "/events/$ref", component: lazyRouteComponent(() => import("./routes/Events"), "EventPage") });
const agreements = createRoute({ getParentRoute: () => rootRoute, path: "/agreements", component: lazyRouteComponent(() => import("./routes/Agreements"), "Agreements") });
const agreement = createRoute({ getParentRoute: () => rootRoute, path: "/agreements/$ref", component: lazyRouteComponent(() => import("./routes/Agreements"), "AgreementPage") });
const consultations = createRoute({ getParentRoute: () => rootRoute, path: "/consultations", component: lazyRouteComponent(() => import("./routes/Consultations"), "Consultations") });
const consultation = createRoute({ getParentRoute: () => rootRoute, path: "/consultations/$ref", component: lazyRouteComponent(() => import("./routes/Consultations"), "ConsultationPage") });
const disputes = createRoute({ getParentRoute: () => rootRoute, path: "/disputes", component: lazyRouteComponent(() => import("./routes/Disputes"), "Disputes") });
const dispute = createRoute({ getParentRoute: () => rootRoute, path: "/disputes/$ref", component: lazyRouteComponent(() => import("./routes/Disputes"), "DisputePage") });
const bulletins = createRoute({ getParentRoute: () => rootRoute, path: "/bulletins", component: lazyRouteComponent(() => import("./routes/Bulletins"), "Bulletins") });
const bulletin = createRoute({ getParentRoute: () => rootRoute, path: "/bulletins/$ref", component: lazyRouteComponent(() => import("./routes/Bulletins"), "BulletinPage") });
const feedback = createRoute({ getParentRoute: () => rootRoute, path: "/feedback", component: lazyRouteComponent(() => import("./routes/Feedback"), "FeedbackQueue") });
const inbox = createRoute({ getParentRoute: () => rootRoute, path: "/inbox", component: lazyRouteComponent(() => import("./routes/Inbox"), "Inbox") });

const alerts = createRoute({ getParentRoute: () => rootRoute, path: "/alerts", component: lazyRouteComponent(() => import("./routes/Alerts"), "Alerts") });
const compare = createRoute({ getParentRoute: () => rootRoute, path: "/compare", component: lazyRouteComponent(() => import("./routes/Compare"), "Compare") });
const duplicates = createRoute({ getParentRoute: () => rootRoute, path: "/duplicates", component: lazyRouteComponent(() => import("./routes/Duplicates"), "Duplicates") });
const provinces = createRoute({ getParentRoute: () => rootRoute, path: "/provinces", component: lazyRouteComponent(() => import("./routes/Provinces"), "Provinces") });
const province = createRoute({ getParentRoute: () => rootRoute, path: "/provinces/$ref", component: lazyRouteComponent(() => import("./routes/Provinces"), "ProvincePage") });

const partners = createRoute({ getParentRoute: () => rootRoute, path: "/partners", component: lazyRouteComponent(() => import("./routes/Partners"), "Partners") });
const posting = createRoute({ getParentRoute: () => rootRoute, path: "/partners/$id", component: lazyRouteComponent(() => import("./routes/Posting"), "PostingPage") });
const network = createRoute({ getParentRoute: () => rootRoute, path: "/network", component: lazyRouteComponent(() => import("./routes/Network"), "Network") });
const users = createRoute({ getParentRoute: () => rootRoute, path: "/users", component: lazyRouteComponent(() => import("./routes/Users"), "Users") });
const models = createRoute({ getParentRoute: () => rootRoute, path: "/models", component: lazyRouteComponent(() => import("./routes/Models"), "Models") });

const routeTree = rootRoute.addChildren([
  home,
  dashboard,
  signIn,
  projects,
  projectNew,
  project,
  mechanisms,
  mechanism,
  actors,
  actor,
  events,
  water,
  calls,
  callNew,
  call,
  applications,
  applicationNew,
  application,
  applicationRevise,
  lateReports,
  exposure,
  fundingGap,
  imports,
  eventPage,
  agreements,
  agreement,
  consultations,
  consultation,
  disputes,
  dispute,
  bulletins,
  bulletin,
  feedback,
  inbox,
  alerts,
  compare,
  duplicates,
  provinces,
  province,
  models,
  network,
  partners,
  posting,
  users,
]);

export const router = createRouter({ routeTree, context: { queryClient: undefined! }, defaultPreload: "intent", scrollRestoration: true });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
