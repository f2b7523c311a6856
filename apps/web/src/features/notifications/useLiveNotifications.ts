import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { NotificationsServerEvent } from '../../api/generated/notifications.events.js';
import { notificationsSocket } from '../../realtime/socket.js';
import { type Notification, NOTIFICATIONS } from './notifications-api.js';

/**
 * The /notifications socket for the logged-in reader: each `notification:created`
 * refreshes the count and the lists, and is handed to `onArrived` (to announce it). Every
 * (re)connect refreshes too: what came while the socket was away is counted again.
 */
export function useLiveNotifications(userId: string, onArrived: (notification: Notification) => void): void {
  const queryClient = useQueryClient();
  const arrived = useRef(onArrived);
  useEffect(() => {
    arrived.current = onArrived;
  }, [onArrived]);

  useEffect(() => {
    const socket = notificationsSocket.acquire();
    const refresh = () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS });
    const created = (notification: Notification) => {
      refresh();
      arrived.current(notification);
    };
    socket.on(NotificationsServerEvent.NotificationCreated, created);
    socket.on('connect', refresh);
    return () => {
      socket.off(NotificationsServerEvent.NotificationCreated, created);
      socket.off('connect', refresh);
      notificationsSocket.release();
    };
  }, [userId, queryClient]);
}
