import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('state.pageNotFound')}
      subTitle={t('state.pageNotFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('nav.overview')}</Button>
        </Link>
      }
    />
  );
}
